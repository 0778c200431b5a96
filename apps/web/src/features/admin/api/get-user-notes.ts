import { useInfiniteQuery } from '@tanstack/react-query';
import type { ApiClient } from '../../../lib/api-client.js';
import { useApi } from '../../../lib/api-context.js';
import { type NotesPage, notesKeys, pageQuery } from '../../notes/api/types.js';

/** One page of another user's notes (`admin` group only; read-only). */
export async function getUserNotes(
  api: ApiClient,
  userId: string,
  nextToken: string | undefined,
  signal?: AbortSignal,
) {
  const path = `/admin/users/${encodeURIComponent(userId)}/notes?${pageQuery(nextToken)}`;
  const { body } = await api.request<NotesPage>('GET', path, { signal });
  return body;
}

export function useUserNotes(userId: string | undefined) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: notesKeys.ofUser(userId ?? ''),
    queryFn: ({ pageParam, signal }) => getUserNotes(api, userId ?? '', pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextToken,
    enabled: userId !== undefined && userId !== '',
  });
}
