/**
 * Development with hot reload against the local stack: `npm start` serves the built app and
 * writes its config.json; the Vite dev server asks the stack's web origin for that file and
 * answers it with its own callback and sign-out URLs (the stack registers the dev origin on the
 * app client and in the API's CORS origins too). Nothing here reaches a production build.
 */
import type { Plugin } from 'vite';

export function devConfig(): Plugin {
  const stackUrl = process.env.WEB_STACK_URL ?? 'http://localhost:5173';
  return {
    name: 'secure-notes:dev-config',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/config.json', (request, response) => {
        const origin = `http://${request.headers.host ?? 'localhost'}`;
        fetch(`${stackUrl}/config.json`)
          .then(async (answer) => {
            if (!answer.ok) throw new Error(`${stackUrl}/config.json answered ${answer.status}`);
            const config = (await answer.json()) as Record<string, unknown>;
            response.setHeader('Content-Type', 'application/json');
            response.end(
              JSON.stringify({ ...config, redirectUri: `${origin}/callback`, signOutRedirectUri: `${origin}/` }),
            );
          })
          .catch((error: unknown) => {
            response.statusCode = 503;
            response.setHeader('Content-Type', 'text/plain');
            response.end(
              `The dev server takes its configuration from the local stack at ${stackUrl} (set WEB_STACK_URL if it is elsewhere); start it first with npm start. (${String(error)})`,
            );
          });
      });
    },
  };
}
