import { ValidationError } from '../errors.js';
import type { Note } from '../note.js';
import type { OperationOptions } from './operation-options.js';

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

/**
 * How much one page may hold besides its count, in the terms of whoever sends it: a transport
 * whose answers have a size limit says whether the page's first notes fit in one answer. A page
 * that does not fit ends early, and its `nextToken` continues with the first note left out; a
 * page always holds its first note.
 */
export interface PageBudget {
  /** Whether these notes (the page's first ones, in order) fit in one answer. */
  readonly fits: (notes: readonly Note[]) => boolean;
}

/** What a driving adapter may tell a listing besides its query. */
export interface ListOperationOptions extends OperationOptions {
  readonly budget?: PageBudget;
}

export function parseLimit(raw: PageQuery['limit']): number {
  if (raw === undefined) return DEFAULT_PAGE_LIMIT;
  const value = typeof raw === 'number' ? raw : /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_LIMIT) {
    throw new ValidationError([{ field: 'limit', message: `must be an integer from 1 to ${MAX_PAGE_LIMIT}` }]);
  }
  return value;
}
