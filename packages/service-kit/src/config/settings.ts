/**
 * The kinds of value the project's variables hold (ports, whole numbers, URLs, lists, one of a
 * few words, log levels), as valibot schemas of the variable's text, each with the message that
 * says what it expects. The adapters build their schemas from these, so that `PORT` and
 * `DYNAMODB_PORT`, or `LOG_LEVEL` in every process, accept the same values and refuse the same
 * mistakes. valibot rather than zod: the Lambda functions build and apply their schemas at every
 * cold start, and valibot's schemas are plain objects, cheap to build and to run, and only what a
 * schema uses is bundled (`pnpm bench` measures the init).
 *
 * A default is written as the variable's text (`v.optional(port(), '3000')`): it is read by the
 * same schema as a value the user sets, so a default can never be one the schema refuses.
 */
import * as v from 'valibot';

/** A variable's schema: its text in, its value out. */
export type Setting<T> = v.GenericSchema<string, T>;

/** What `documented` says of a schema. */
interface Documentation {
  readonly description: string;
  readonly secret: boolean;
}

const documentation = new WeakMap<object, Documentation>();

/**
 * Says what a variable is for (printed with any problem, and in the README's lists) and whether
 * its value is a secret, which a problem never repeats.
 *
 * @example
 * const NOTES_TABLE = documented(v.optional(tableName, 'Notes'), 'the DynamoDB table of notes');
 */
export function documented<T extends v.GenericSchema>(
  schema: T,
  description: string,
  options: { readonly secret?: boolean } = {},
): T {
  documentation.set(schema, { description, secret: options.secret === true });
  return schema;
}

/**
 * What `documented` says of a variable's schema, looked for through the wrappers
 * (`v.optional`) down to the schema it was given for.
 */
export function documentationOf(schema: v.GenericSchema | undefined): Documentation | undefined {
  for (let field: unknown = schema; typeof field === 'object' && field !== null; field = innerOf(field)) {
    const found = documentation.get(field);
    if (found !== undefined) return found;
  }
  return undefined;
}

function innerOf(schema: object): unknown {
  return 'wrapped' in schema ? schema.wrapped : undefined;
}

/** Whether `documented` marked the variable's schema as a secret. */
export function isSecret(schema: v.GenericSchema | undefined): boolean {
  return documentationOf(schema)?.secret === true;
}

/**
 * A variable whose text `parse` turns into its value, or into a `Problem` that says what it
 * expects. Each kind below is one of these, two small schemas, rather than a chain of checks.
 */
export function parsed<T>(parse: (text: string) => T | Problem): Setting<T> {
  return v.pipe(
    STRING,
    v.rawTransform(({ dataset, addIssue, NEVER }): T => {
      const result = parse(dataset.value);
      if (!(result instanceof Problem)) return result;
      addIssue({ message: result.message });
      return NEVER;
    }),
  );
}

/** What is wrong with a variable's text: completes "NAME …", e.g. `must be a port number`. */
export class Problem {
  constructor(readonly message: string) {}
}

const STRING = v.string();

/** Text that matches `pattern`; `expects` completes "must be …". */
export function text(pattern: RegExp, expects: string) {
  return parsed((value) => (pattern.test(value) ? value : new Problem(`must be ${expects}`)));
}

/** A whole number from `min` to `max`, written in decimal digits. */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER, unit = '') {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  const problem = new Problem(`must be a whole number${unit ? ` of ${unit}` : ''}, ${range}`);
  return parsed((value) => {
    const number = /^\d{1,15}$/.test(value) ? Number(value) : Number.NaN;
    return number >= min && number <= max ? number : problem;
  });
}

/** A TCP port; 0 asks the system for a free one (what tests bind). */
export function port() {
  const problem = new Problem('must be a port number from 0 to 65535');
  return parsed((value) => (/^\d{1,5}$/.test(value) && Number(value) <= 65_535 ? Number(value) : problem));
}

/** One of `values`, compared without regard to case. */
export function oneOf<const T extends string>(values: readonly [T, ...T[]]) {
  const problem = new Problem(`must be ${values.map((value) => `"${value}"`).join(', ')}`);
  return parsed(
    (value): T | Problem => values.find((candidate) => candidate.toLowerCase() === value.toLowerCase()) ?? problem,
  );
}

/** An absolute http(s) URL, such as `http://localhost:8000`. */
export function httpUrl(example: string) {
  return text(/^https?:\/\/[^\s/]+(\/\S*)?$/, `an http(s) URL such as ${example}`);
}

/**
 * A comma-separated list (blanks around items and empty items dropped), each item read by
 * `item`; at least `min` items.
 */
export function list<T>(item: (text: string) => T | Problem, min = 0, expects = 'items') {
  const tooFew = new Problem(`must list at least ${min === 1 ? 'one' : min} ${expects}`);
  return parsed((value): T[] | Problem => {
    const items: T[] = [];
    for (const part of value.split(',')) {
      const trimmed = part.trim();
      if (trimmed === '') continue;
      const result = item(trimmed);
      if (result instanceof Problem) return result;
      items.push(result);
    }
    return items.length < min ? tooFew : items;
  });
}

/** An item of a `list` that matches `pattern`. */
export function matching(pattern: RegExp, expects: string): (text: string) => string | Problem {
  const problem = new Problem(`must be ${expects}`);
  return (value) => (pattern.test(value) ? value : problem);
}

/** The log levels every process accepts, pino's names; Powertools' `CRITICAL` is `fatal`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A log level, in any case (`INFO` as Powertools writes it, `info` as pino does); `critical` is `fatal`. */
export function logLevel() {
  const problem = new Problem(`must be one of ${LOG_LEVELS.join(', ')}`);
  return parsed((value): LogLevel | Problem => {
    const lower = value.toLowerCase();
    if (lower === 'critical') return 'fatal';
    return (LOG_LEVELS as readonly string[]).includes(lower) ? (lower as LogLevel) : problem;
  });
}

/** `LOG_LEVEL`, read alike by every process. */
export const LOGGING_ENV = v.object({
  LOG_LEVEL: documented(v.optional(logLevel(), 'info'), `how much is logged: ${LOG_LEVELS.join(', ')}`),
});

/** A log level as Powertools Logger names it (`fatal` is its `CRITICAL`). */
export function powertoolsLogLevel(
  level: LogLevel,
): 'CRITICAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' | 'SILENT' {
  return level === 'fatal' ? 'CRITICAL' : (level.toUpperCase() as 'INFO');
}
