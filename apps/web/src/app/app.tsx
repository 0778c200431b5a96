/**
 * What the person sees: signing in, the signed-out welcome, or the app. Sign-out revokes the
 * refresh token at /oauth2/revoke, forgets the tokens, the cached notes and the drafts, renders
 * nothing of the notes any more (so a page kept by the back-forward cache shows nothing), and
 * ends the managed login's session at /logout, which comes back to the sign-out URL.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useAuth } from 'react-oidc-context';
import { Route, Switch } from 'wouter';
import { Loading } from '../components/status.js';
import type { AppConfig } from '../config/app-config.js';
import { AdminNotes } from '../features/admin/components/admin-notes.js';
import { MyNotes } from '../features/notes/components/my-notes.js';
import { NewNote } from '../features/notes/components/new-note.js';
import { NotePage } from '../features/notes/components/note-page.js';
import { clearAllDrafts, hasDrafts } from '../features/notes/drafts.js';
import { groupsOf, logoutUrl } from '../lib/auth.js';
import { Layout } from './layout.js';

export interface AppProps {
  readonly config: AppConfig;
  readonly userManager: UserManager;
  readonly queryClient: QueryClient;
  /** Leaves the app for another page (the managed login's /logout). */
  readonly leave?: (url: string) => void;
}

export function App({ config, userManager, queryClient, leave = (url) => window.location.assign(url) }: AppProps) {
  const auth = useAuth();
  const [signingOut, setSigningOut] = useState(false);

  const signIn = () => void auth.signinRedirect({ state: { returnTo: window.location.pathname } });

  // A callback that failed (a reused or stale code) leaves its code and state in the address bar.
  useEffect(() => {
    if (auth.error !== undefined && new URLSearchParams(window.location.search).has('code')) {
      window.history.replaceState({}, document.title, '/');
    }
  }, [auth.error]);

  const signOut = async () => {
    flushSync(() => setSigningOut(true));
    queryClient.clear();
    clearAllDrafts();
    try {
      await userManager.revokeTokens(['refresh_token']);
    } catch {
      // /logout below still ends the managed login's session; the refresh token then only expires.
    }
    await userManager.removeUser();
    leave(logoutUrl(config));
  };

  if (signingOut) return <Loading label="Signing you out…" />;
  if (auth.isLoading || auth.activeNavigator !== undefined) return <Loading label="Signing you in…" />;
  if (auth.error !== undefined && !auth.isAuthenticated) {
    return (
      <main id="main" className="welcome">
        <h1>Secure Notes</h1>
        <div className="notice notice-error" role="alert">
          <p>Sign-in did not complete. Try again; if it keeps failing, close this tab and start over.</p>
        </div>
        <button type="button" onClick={signIn}>
          Sign in
        </button>
      </main>
    );
  }
  if (!auth.isAuthenticated || auth.user === null || auth.user === undefined) {
    return (
      <main id="main" className="welcome">
        <h1>Secure Notes</h1>
        <p>Your notes, private to you. Sign in to read and write them.</p>
        {hasDrafts() && (
          <p className="notice" role="status">
            You have an unsaved draft in this tab; it will be back after you sign in.
          </p>
        )}
        <button type="button" onClick={signIn}>
          Sign in
        </button>
      </main>
    );
  }

  const profile = auth.user.profile;
  return (
    <Layout
      email={typeof profile.email === 'string' ? profile.email : undefined}
      isAdmin={groupsOf(profile).includes('admin')}
      onSignOut={() => void signOut()}
    >
      <Switch>
        <Route path="/" component={MyNotes} />
        <Route path="/new" component={NewNote} />
        <Route path="/notes/:noteId">{(params) => <NotePage key={params.noteId} noteId={params.noteId} />}</Route>
        <Route path="/admin" component={AdminNotes} />
        <Route>
          <h1>Page not found</h1>
          <p>There is no page here. Go back to your notes with the link above.</p>
        </Route>
      </Switch>
    </Layout>
  );
}
