import { ValidationError } from '../errors.js';

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 100;

export interface PageQuery {
  /** An integer 1..100, or its decimal string as it came in a query string. */
  readonly limit?: number | string | undefined;
  readonly nextToken?: string | undefined;
}

export interface NotesListing<N> {
  readonly notes: readonly N[];
  readonly count: number;
  readonly nextToken?: string;
}

export function parseLimit(raw: PageQuery['limit']): number {
  if (raw === undefined) return DEFAULT_PAGE_LIMIT;
  const value = typeof raw === 'number' ? raw : /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_LIMIT) {
    throw new ValidationError([{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }]);
  }
  return value;
}
