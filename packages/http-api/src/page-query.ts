/**
 * `?limit=` and `?nextToken=` as the use cases take them. Each runtime hands over its query
 * values as it has them (a repeated parameter as a list: Express's simple parser and API
 * Gateway's `multiValueQueryStringParameters` both do); a parameter given more than once, or as
 * anything but a plain value, is a 400 rather than a guess at which one was meant.
 */
import { type PageQuery, ValidationError } from '@secure-notes/domain';

/** A query parameter as a runtime has it: absent, once, or repeated. */
export type QueryValue = string | readonly string[] | undefined;

/** Reads one query parameter by name. */
export type QueryReader = (name: string) => unknown;

/** The single value of a query parameter; a repeated or structured one is a validation error. */
export function singleQueryValue(name: string, value: unknown): string | undefined {
  if (value === undefined || typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  throw new ValidationError([{ field: name, message: 'must be given once, as a plain value' }]);
}

/**
 * @example
 * pageQueryOf((name) => ({ limit: '20' })[name]) // { limit: '20', nextToken: undefined }
 */
export function pageQueryOf(read: QueryReader): PageQuery {
  return {
    limit: singleQueryValue('limit', read('limit')),
    nextToken: singleQueryValue('nextToken', read('nextToken')),
  };
}
