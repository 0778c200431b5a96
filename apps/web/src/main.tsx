/**
 * Start: fetch the runtime configuration, build the one UserManager, query client and API
 * client, and render. The sign-in callback (the code in the URL) is handled by
 * react-oidc-context, which then takes the code and state out of the address bar.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { UserManager } from 'oidc-client-ts';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider } from 'react-oidc-context';
import { App } from './app/app.js';
import { returnPathOf, sessionOf } from './app/session.js';
import { loadConfig } from './config/app-config.js';
import { ApiClient } from './lib/api-client.js';
import { ApiProvider } from './lib/api-context.js';
import { userManagerSettings } from './lib/auth.js';
import { createQueryClient } from './lib/query-client.js';
import './styles.css';

const root = createRoot(document.getElementById('root') as HTMLElement);

loadConfig().then(
  (config) => {
    const userManager = new UserManager(userManagerSettings(config));
    void userManager.clearStaleState();
    const queryClient = createQueryClient();
    const api = new ApiClient(
      config.apiUrl,
      sessionOf(userManager, () => window.location.pathname + window.location.search),
    );
    root.render(
      <StrictMode>
        <AuthProvider
          userManager={userManager}
          onSigninCallback={(user) => window.history.replaceState({}, document.title, returnPathOf(user?.state))}
        >
          <QueryClientProvider client={queryClient}>
            <ApiProvider client={api}>
              <App config={config} userManager={userManager} queryClient={queryClient} />
            </ApiProvider>
          </QueryClientProvider>
        </AuthProvider>
      </StrictMode>,
    );
  },
  (error: unknown) => {
    root.render(
      <main id="main" className="welcome">
        <h1>Secure Notes</h1>
        <div className="notice notice-error" role="alert">
          <p>{error instanceof Error ? error.message : 'The app could not start.'}</p>
          <p>Reload the page; if this stays, whoever runs this site needs to fix its config.json.</p>
        </div>
      </main>,
    );
  },
);
