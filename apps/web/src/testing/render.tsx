/**
 * Renders a piece of the app as the running app composes it (the real query defaults, the real
 * API client) against the in-process Notes API, on an in-memory location.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { Router } from 'wouter';
import { memoryLocation } from 'wouter/memory-location';
import { ApiClient, type Session } from '../lib/api-client.js';
import { ApiProvider } from '../lib/api-context.js';
import { createQueryClient } from '../lib/query-client.js';
import { API_URL, InProcessNotesApi } from './in-process-api.js';

/** A session that always has this token and never needs renewing. */
export function fixedSession(token: string): Session & { signInRequests: number } {
  const session = {
    signInRequests: 0,
    idToken: async () => token,
    renew: async () => undefined,
    signInAgain: async () => {
      session.signInRequests += 1;
    },
  };
  return session;
}

export interface RenderOptions {
  readonly api?: InProcessNotesApi;
  readonly session?: Session;
  readonly path?: string;
}

export function renderWithApi(ui: ReactElement, options: RenderOptions = {}) {
  const api = options.api ?? new InProcessNotesApi();
  const session = options.session ?? fixedSession('alice');
  const client = new ApiClient(API_URL, session, api.fetch);
  const queryClient = createQueryClient();
  const location = memoryLocation({ path: options.path ?? '/', record: true });
  const result = render(
    <QueryClientProvider client={queryClient}>
      <ApiProvider client={client}>
        <Router hook={location.hook}>{ui}</Router>
      </ApiProvider>
    </QueryClientProvider>,
  );
  return { ...result, api, queryClient, currentPath: () => location.history.at(-1) };
}

/** Writes a note straight through the API, as another tab or device would. */
export async function seedNote(api: InProcessNotesApi, token: string, title: string, content = '') {
  const response = await api.fetch(`${API_URL}/notes`, {
    method: 'POST',
    headers: { Authorization: token },
    body: JSON.stringify({ title, content }),
  });
  return (await response.json()) as { noteId: string; version: number; title: string };
}
