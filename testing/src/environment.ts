/**
 * The process environment in tests: settings a suite reads (a scale, a seed, a duration), read
 * one way with an error that names the variable and what it expects; and variables set for a
 * while, for code that reads `process.env` itself (the AWS SDK's credentials, a Lambda
 * entrypoint composing itself when imported), put back afterwards.
 */

type Environment = Readonly<Record<string, string | undefined>>;

export interface NumberSetting<F> {
  /** What an unset or blank variable reads as. */
  readonly fallback: F;
  /** Whether a number is one the setting takes. */
  readonly accepts: (value: number) => boolean;
  /** What the setting takes, for the error: `a positive number (1 is the default)`. */
  readonly expects: string;
  /** Where to read it (`process.env` when absent). */
  readonly env?: Environment;
}

/**
 * Reads the number in `name`: the fallback when unset or blank, else a number the setting
 * accepts; anything else throws an error naming the variable, what it expects and what it got.
 *
 * @example
 * const seed = numberSetting('SUITE_SEED', { fallback: undefined, accepts: Number.isSafeInteger, expects: 'a whole number' });
 */
export function numberSetting<F>(name: string, setting: NumberSetting<F>): number | F {
  const raw = (setting.env ?? process.env)[name]?.trim();
  if (raw === undefined || raw === '') return setting.fallback;
  const value = Number(raw);
  if (!setting.accepts(value)) {
    throw new Error(`${name} must be ${setting.expects}; got ${JSON.stringify(raw)}`);
  }
  return value;
}

/**
 * Sets `variables` in this process's environment (`undefined` removes one); returns what puts
 * the environment back as it was.
 *
 * @example
 * const restore = useEnvironment({ AWS_REGION: 'us-east-1', CDK_DEFAULT_REGION: undefined });
 * try { ... } finally { restore(); }
 */
export function useEnvironment(variables: Environment): () => void {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  const apply = (values: Environment) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(variables);
  return () => apply(saved);
}
