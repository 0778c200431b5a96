import { useInfiniteQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type NotesPage, notesKeys, pageQuery } from './types.js';

/** One page of the caller's notes, newest first. */
export async function getNotes(api: ApiClient, nextToken: string | undefined, signal?: AbortSignal) {
  const { body } = await api.request<NotesPage>('GET', `/notes?${pageQuery(nextToken)}`, { signal });
  return body;
}

/** The caller's notes, a page at a time: `fetchNextPage` follows `nextToken`. */
export function useNotes() {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: notesKeys.list(),
    queryFn: ({ pageParam, signal }) => getNotes(api, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextToken,
  });
}
