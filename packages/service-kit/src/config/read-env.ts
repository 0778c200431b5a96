/**
 * One way for every process of the project to read its settings from the environment. Each
 * adapter exports a valibot schema of the variables it reads (an object whose keys are the
 * variables' names); an app lists the schemas it needs and `readEnv` applies them to the
 * environment, so that the server, the Lambda functions and the local stack accept the same
 * values, name them the same way, and report every problem at once: each line names the
 * variable, what is wrong with it and what it is for. Empty values count as absent (`FOO= cmd`
 * means the default, as it reads in a shell).
 */
import * as v from 'valibot';
import { documentationOf, isSecret } from './settings.js';

/** An environment, such as `process.env`. */
export type Env = Readonly<Record<string, string | undefined>>;

/**
 * The variables one adapter (or app) reads: an object schema (`v.object`, possibly piped into
 * checks across its variables) whose keys are the variables' names.
 */
export type EnvSchema = v.GenericSchema<Record<string, string | undefined>, object> & {
  readonly entries: Readonly<Record<string, v.GenericSchema<string | undefined, unknown>>>;
};

/** The schemas an app reads, by part; a part left `undefined` (a setting that does not apply) is skipped. */
export type EnvSchemas = Readonly<Record<string, EnvSchema | undefined>>;

/** The typed values of each schema given to `readEnv`, under the same key (`undefined` for a skipped part). */
export type EnvValues<S extends EnvSchemas> = {
  [K in keyof S]: S[K] extends EnvSchema ? v.InferOutput<S[K]> : undefined;
};

/** What one variable has wrong. */
export interface ConfigProblem {
  readonly variable: string;
  readonly message: string;
}

/**
 * A configuration that cannot be used; its message lists every problem, a variable a line, and
 * is meant to be printed as it is (no stack trace: the stack says nothing to the person fixing
 * the environment).
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[], heading = DEFAULT_HEADING) {
    super(`${heading}:\n${problems.map((problem) => `  - ${problem.variable} ${problem.message}`).join('\n')}`);
    this.problems = problems;
  }
}

const DEFAULT_HEADING = 'Invalid configuration; set these environment variables and start again';

export interface ReadEnvOptions {
  /**
   * Former names of variables, `{ OLD: 'NEW' }`: a value under the old name is still used when
   * the new one is absent, with a warning naming the new one.
   */
  readonly renamed?: Readonly<Record<string, string>>;
  /** Receives each warning (a renamed variable); by default it goes to `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
  /** The first line of the error, before the problems. */
  readonly heading?: string;
}

/** What a variable is for, as its schema describes it (`describe(...)`); printed with its problems. */
export function describeVariable(schema: EnvSchema, variable: string): string | undefined {
  return documentationOf(schema.entries[variable])?.description;
}

/** The names of the variables the schemas read, in order, each once. */
export function variablesOf(schemas: EnvSchemas | readonly EnvSchema[]): string[] {
  return [
    ...new Set(Object.values(schemas).flatMap((schema) => (schema === undefined ? [] : Object.keys(schema.entries)))),
  ];
}

function isSecretVariable(schema: EnvSchema, variable: string): boolean {
  return isSecret(schema.entries[variable]);
}

/** Whether a `Problem` of the project's schemas raised the issue (valibot's own name a type). */
function isOwn(issue: v.BaseIssue<unknown>): boolean {
  return issue.type === 'raw_transform' || issue.type === 'raw_check';
}

function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * Applies each schema to the environment and returns their typed values under the same keys.
 * Throws one `ConfigError` listing every problem of every schema.
 *
 * @example
 * const { table, cognito } = readEnv({ table: DYNAMODB_ENV, cognito: COGNITO_ENV }, process.env, {
 *   renamed: { DYNAMODB_TABLE: 'NOTES_TABLE' },
 * });
 */
export function readEnv<S extends EnvSchemas>(schemas: S, env: Env, options: ReadEnvOptions = {}): EnvValues<S> {
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, 'ConfigWarning'));
  const input: Record<string, string | undefined> = {};
  for (const name of variablesOf(schemas)) input[name] = present(env[name]);
  for (const [old, current] of Object.entries(options.renamed ?? {})) {
    const value = present(env[old]);
    if (value === undefined || !(current in input)) continue;
    if (input[current] === undefined) {
      input[current] = value;
      warn(`${old} is now called ${current}: rename it (${old} still works for now).`);
    } else {
      warn(`${old} is ignored: ${current}, its new name, is set too.`);
    }
  }

  const problems: ConfigProblem[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(schemas)) {
    if (schema === undefined) {
      values[key] = undefined;
      continue;
    }
    const own = Object.fromEntries(Object.keys(schema.entries).map((name) => [name, input[name]]));
    const result = v.safeParse(schema, own);
    if (result.success) {
      values[key] = result.output;
      continue;
    }
    for (const issue of result.issues) {
      const variable = String(issue.path?.[0]?.key ?? '');
      const value = own[variable];
      // The project's schemas give their own message (`Problem`); valibot's own (a value that is
      // not text, which an environment never holds) are worded for programmers.
      const message = isOwn(issue) ? issue.message : value === undefined ? 'is required' : 'is not valid';
      // The value, unless it is a secret or the message already quotes it.
      const shown = JSON.stringify(value);
      const got =
        value === undefined || isSecretVariable(schema, variable) || message.includes(shown) ? '' : `, got ${shown}`;
      const purpose = describeVariable(schema, variable);
      const line = `${message}${got}${purpose ? ` — ${purpose}` : ''}`;
      // A variable read by two schemas (AWS_REGION by the table and the verifier) is reported once.
      if (!problems.some((problem) => problem.variable === variable && problem.message === line)) {
        problems.push({ variable, message: line });
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems, options.heading);
  return values as EnvValues<S>;
}
