import { webAppConfig } from '@secure-notes/http-api';
import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { User, UserManager } from 'oidc-client-ts';
import { AuthProvider } from 'react-oidc-context';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/app-config.js';
import { readDraft, writeDraft } from '../features/notes/drafts.js';
import { ApiClient } from '../lib/api-client.js';
import { ApiProvider } from '../lib/api-context.js';
import { userManagerSettings } from '../lib/auth.js';
import { createQueryClient } from '../lib/query-client.js';
import { API_URL, InProcessNotesApi } from '../testing/in-process-api.js';
import { fixedSession } from '../testing/render.js';
import { App } from './app.js';

const config: AppConfig = webAppConfig({
  apiUrl: API_URL,
  issuer: 'https://login.test/pool',
  loginOrigin: 'https://login.test',
  clientId: 'web-client',
  webOrigin: 'https://app.test',
});

function signedIn(profile: Record<string, unknown>) {
  return new User({
    id_token: 'alice',
    access_token: 'access',
    refresh_token: 'refresh-1',
    token_type: 'Bearer',
    scope: 'openid',
    profile: { sub: 'alice', iss: config.authority, aud: config.clientId, exp: 0, iat: 0, ...profile },
    expires_at: Math.floor(Date.now() / 1000) + 3600,
  });
}

async function renderApp(user: User | undefined) {
  const userManager = new UserManager(userManagerSettings(config, window.sessionStorage));
  if (user !== undefined) await userManager.storeUser(user);
  const queryClient = createQueryClient();
  const leave = vi.fn<(url: string) => void>();
  render(
    <AuthProvider userManager={userManager}>
      <QueryClientProvider client={queryClient}>
        <ApiProvider client={new ApiClient(API_URL, fixedSession('alice'), new InProcessNotesApi().fetch)}>
          <App config={config} userManager={userManager} queryClient={queryClient} leave={leave} />
        </ApiProvider>
      </QueryClientProvider>
    </AuthProvider>,
  );
  return { leave, userManager };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('App', () => {
  it('offers to sign in when nobody is, and says a draft is waiting', async () => {
    writeDraft('new', { title: 'Unsaved', content: '' });

    await renderApp(undefined);

    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeVisible();
    expect(screen.getByRole('status')).toHaveTextContent(/unsaved draft in this tab/);
  });

  it('explains a sign-in that did not complete, and takes the code out of the address bar', async () => {
    window.history.replaceState({}, '', '/callback?code=stale-code&state=unknown-state');

    await renderApp(undefined);

    expect(await screen.findByRole('alert')).toHaveTextContent('Sign-in did not complete');
    expect(window.location.search).toBe('');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });

  it('shows the notes to a signed-in person, and the admin link only to admins', async () => {
    await renderApp(signedIn({ email: 'alice@example.com' }));

    expect(await screen.findByRole('heading', { name: 'Your notes' })).toBeVisible();
    expect(screen.getByText('alice@example.com')).toBeVisible();
    expect(screen.queryByRole('link', { name: 'Admin' })).toBeNull();
  });

  it('shows the admin link to a member of admin', async () => {
    await renderApp(signedIn({ 'cognito:groups': ['admin'] }));

    expect(await screen.findByRole('link', { name: 'Admin' })).toBeVisible();
  });

  it('signs out: revokes the refresh token, forgets tokens and drafts, then ends the managed login session', async () => {
    const revoke = vi.spyOn(globalThis, 'fetch').mockResolvedValue(new Response(null, { status: 200 }));
    writeDraft('new', { title: 'Private', content: 'secret' });
    const { leave, userManager } = await renderApp(signedIn({}));

    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));

    await vi.waitFor(() => expect(leave).toHaveBeenCalledOnce());
    const [url, init] = revoke.mock.calls[0] ?? [];
    expect(String(url)).toBe('https://login.test/oauth2/revoke');
    expect(Object.fromEntries(new URLSearchParams(String(init?.body)))).toMatchObject({
      token: 'refresh-1',
      token_type_hint: 'refresh_token',
      client_id: 'web-client',
    });
    expect(leave).toHaveBeenCalledWith(
      'https://login.test/logout?client_id=web-client&logout_uri=https%3A%2F%2Fapp.test%2F',
    );
    expect(await userManager.getUser()).toBeNull();
    expect(readDraft('new')).toBeUndefined();
    expect(screen.queryByRole('heading', { name: 'Your notes' })).toBeNull();
  });

  it('keeps tokens out of localStorage and sessionStorage', async () => {
    await renderApp(signedIn({}));
    await screen.findByRole('heading', { name: 'Your notes' });

    const stored = [window.localStorage, window.sessionStorage].flatMap((storage) =>
      Array.from({ length: storage.length }, (_, index) => storage.getItem(storage.key(index) ?? '') ?? ''),
    );
    expect(stored.join('\n')).not.toMatch(/refresh-1|access/);
  });
});
