/**
 * The kinds of value the project's variables hold (ports, whole numbers, URLs, lists, one of a
 * few words, log levels), as zod schemas of the variable's text, each with the message that says
 * what it expects. The adapters build their schemas from these, so that `PORT` and `DYNAMODB_PORT`,
 * or `LOG_LEVEL` in every process, accept the same values and refuse the same mistakes.
 * zod/mini keeps the Lambda bundles small: only what a schema uses is bundled.
 */
import * as z from 'zod/mini';

/** A variable's schema: its text in, its value out. */
export type Setting<T> = z.ZodMiniType<T, string | undefined>;

/**
 * Says what a variable is for (printed with any problem, and in the README's lists) and whether
 * its value is a secret, which a problem never repeats.
 *
 * @example
 * const NOTES_TABLE = documented(z._default(tableName, 'Notes'), 'the DynamoDB table of notes');
 */
export function documented<T extends z.ZodMiniType>(
  schema: T,
  description: string,
  options: { readonly secret?: boolean } = {},
): T {
  z.globalRegistry.add(schema, { description, ...(options.secret ? { secret: true } : {}) });
  return schema;
}

/** Whether `documented` marked the variable's schema as a secret. */
export function isSecret(schema: z.core.$ZodType | undefined): boolean {
  return schema !== undefined && z.globalRegistry.get(schema)?.secret === true;
}

/** Text that matches `pattern`; `expects` completes "must …". */
export function text(pattern: RegExp, expects: string) {
  return z.string().check(z.regex(pattern, `must be ${expects}`));
}

/** A whole number from `min` to `max`, written in decimal digits. */
export function wholeNumber(min: number, max: number = Number.MAX_SAFE_INTEGER, unit = '') {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  const message = `must be a whole number${unit ? ` of ${unit}` : ''}, ${range}`;
  return z
    .pipe(z.string().check(z.regex(/^\d{1,15}$/, message)), z.transform(Number))
    .check(z.gte(min, message), z.lte(max, message));
}

/** A TCP port; 0 asks the system for a free one (what tests bind). */
export function port() {
  return z
    .pipe(z.string().check(z.regex(/^\d{1,5}$/, 'must be a port number from 0 to 65535')), z.transform(Number))
    .check(z.lte(65_535, 'must be a port number from 0 to 65535'));
}

/** One of `values`, compared without regard to case. */
export function oneOf<const T extends string>(values: readonly [T, ...T[]]) {
  const message = `must be ${values.map((value) => `"${value}"`).join(', ')}`;
  return z.pipe(
    z.string(),
    z.transform((value, ctx) => {
      const found = values.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
      if (found === undefined) ctx.issues.push({ code: 'custom', message, input: value });
      return found as T;
    }),
  );
}

/** An absolute http(s) URL, such as `http://localhost:8000`. */
export function httpUrl(example: string) {
  return text(/^https?:\/\/[^\s/]+(\/\S*)?$/, `an http(s) URL such as ${example}`);
}

/**
 * A comma-separated list (blanks around items and empty items dropped), each item checked by
 * `item`; at least `min` items.
 */
export function list<T>(item: z.ZodMiniType<T, string>, min = 0, expects = 'items') {
  const items = z.array(item);
  return z.pipe(
    z.pipe(
      z.string(),
      z.transform((value) =>
        value
          .split(',')
          .map((part) => part.trim())
          .filter((part) => part !== ''),
      ),
    ),
    min > 0 ? items.check(z.minLength(min, `must list at least ${min === 1 ? 'one' : min} ${expects}`)) : items,
  );
}

/** The log levels every process accepts, pino's names; Powertools' `CRITICAL` is `fatal`. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A log level, in any case (`INFO` as Powertools writes it, `info` as pino does); `critical` is `fatal`. */
export function logLevel() {
  const message = `must be one of ${LOG_LEVELS.join(', ')}`;
  return z.pipe(
    z.string(),
    z.transform((value, ctx): LogLevel => {
      const lower = value.toLowerCase();
      if (lower === 'critical') return 'fatal';
      if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower as LogLevel;
      ctx.issues.push({ code: 'custom', message, input: value });
      return 'info';
    }),
  );
}

/** `LOG_LEVEL`, read alike by every process. */
export const LOGGING_ENV = z.object({
  LOG_LEVEL: documented(z._default(logLevel(), 'info'), `how much is logged: ${LOG_LEVELS.join(', ')}`),
});

/** A log level as Powertools Logger names it (`fatal` is its `CRITICAL`). */
export function powertoolsLogLevel(
  level: LogLevel,
): 'CRITICAL' | 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE' | 'SILENT' {
  return level === 'fatal' ? 'CRITICAL' : (level.toUpperCase() as 'INFO');
}
