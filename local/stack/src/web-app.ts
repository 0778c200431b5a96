/**
 * The browser app on an origin of its own (http://localhost:5173 by default), so that every API
 * and sign-in call is cross-origin as it is in production. It serves the Vite build of
 * @secure-notes/web with the CSP and security headers the deployed distribution sends
 * (`webResponseHeaders`, shared with the CDK stack), the single-page fallback to index.html,
 * and the app's runtime configuration at /config.json, written for the local endpoints once
 * the API is listening.
 */
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WebAppConfig } from '@secure-notes/http-api';
import { type WebAppOrigins, webCacheControl, webResponseHeaders } from '@secure-notes/http-api/web';
import { listen } from '@secure-notes/service-kit';
import express from 'express';

export const DEFAULT_WEB_PORT = 5173;
/** Where `pnpm --filter @secure-notes/web dev` listens; the stack registers it too. */
export const DEFAULT_WEB_DEV_PORT = 5174;

export interface WebApp {
  /** `http://localhost:<port>`: the app's origin. */
  readonly url: string;
  readonly port: number;
  /** Whether the build was found; without it every page explains how to build the app. */
  readonly built: boolean;
  /** Serves this configuration, with a CSP that lets the app reach these origins. */
  configure(config: WebAppConfig, origins: WebAppOrigins): void;
  close(): Promise<void>;
}

/** The folder of the app's build: apps/web/dist, wherever the workspace puts the package. */
export function webDistDir(): string {
  const packageJson = fileURLToPath(import.meta.resolve('@secure-notes/web/package.json'));
  return join(dirname(packageJson), 'dist');
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Secure Notes</title></head>
<body><main><h1>The app is not built</h1><p>Run <code>pnpm --filter @secure-notes/web build</code> and reload this page
(<code>npm start</code> builds it for you).</p></main></body></html>`;

export async function startWebApp(options: { host: string; port: number; distDir?: string }): Promise<WebApp> {
  const distDir = options.distDir ?? webDistDir();
  const built = existsSync(join(distDir, 'index.html'));
  let config: WebAppConfig | undefined;
  let headers: Readonly<Record<string, string>> = webResponseHeaders({ apiOrigin: "'none'", loginOrigin: "'none'" });

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.use((req, res, next) => {
    res.set(headers);
    res.set('Cache-Control', webCacheControl(req.path));
    next();
  });
  app.get('/config.json', (_req, res) => {
    if (config === undefined) {
      res.status(503).json({ message: 'The stack is still starting; reload in a moment.' });
      return;
    }
    res.json(config);
  });
  if (built) {
    app.use(express.static(distDir, { index: false, cacheControl: false, etag: true, redirect: false }));
  }
  // The single-page fallback: any other page is the app, which routes it itself.
  app.get(/.*/, (req, res) => {
    if (!built) {
      res.status(503).type('html').send(NOT_BUILT);
      return;
    }
    if (req.path.startsWith('/assets/')) {
      res.status(404).type('text/plain').send('Not found');
      return;
    }
    res.sendFile(join(distDir, 'index.html'), { cacheControl: false });
  });

  const server: Server = createServer(app);
  const port = await listen(server, {
    port: options.port,
    host: options.host,
    service: 'the web app',
    setting: 'WEB_PORT',
  });
  return {
    url: `http://localhost:${port}`,
    port,
    built,
    configure(next, origins) {
      config = next;
      headers = webResponseHeaders(origins);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
