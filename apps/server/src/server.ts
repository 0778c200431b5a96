/**
 * Runs the composed API on a port: loads the signing keys before it reports ready, turns a
 * port in use into an error that says what to do, and shuts down gracefully: stop accepting,
 * report not ready, let requests in flight finish (up to a timeout), then release resources.
 *
 * The signing keys (the issuer's JWKS) do not stop it from starting: when the first download
 * fails it listens anyway, `GET /health` answers 503 (not ready) and a request with a token 503
 * with `Retry-After`, the log says why, and the download is retried in the background until it
 * succeeds (see signing-keys.ts). The server becomes ready without a restart.
 */

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { closeHttpServer, listen } from '@secure-notes/service-kit';
import express, { type Router } from 'express';
import type { Logger } from 'pino';
import { type ComposeOptions, composeServer } from './composition.js';
import type { ServerConfig } from './config.js';
import { loadSigningKeys, type SigningKeysBackoff, type SigningKeysLoader } from './signing-keys.js';

export interface StartServerOptions {
  readonly config: ServerConfig;
  readonly logger: Logger;
  /** Routes served before the API's own (the local stack's `/callback` page). */
  readonly before?: Router;
  /** Also serve the API under this prefix, as API Gateway does with a stage (`/dev`). */
  readonly stagePrefix?: string;
  readonly tokenVerifier?: ComposeOptions['tokenVerifier'];
  /** The waits between attempts to load the signing keys; 1 s doubling up to 30 s by default. */
  readonly signingKeysBackoff?: SigningKeysBackoff;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting, waits for requests in flight up to the shutdown timeout, releases resources. */
  close(): Promise<void>;
}

export async function startServer({
  config,
  logger,
  before,
  stagePrefix,
  tokenVerifier,
  signingKeysBackoff,
}: StartServerOptions): Promise<RunningServer> {
  // Ready: listening, not shutting down, and the signing keys in memory.
  let serving = false;
  let keys: SigningKeysLoader | undefined;
  const composition = composeServer(config, {
    logger,
    isReady: () => serving && (keys === undefined || keys.loaded()),
    ...(tokenVerifier === undefined ? {} : { tokenVerifier }),
  });
  // The first download runs while the server starts listening; a failure is retried, not thrown.
  const { signingKeys } = composition;
  if (signingKeys !== undefined) {
    keys = loadSigningKeys({
      load: signingKeys.load,
      jwksUri: signingKeys.jwksUri,
      logger,
      ...(signingKeysBackoff === undefined ? {} : { backoff: signingKeysBackoff }),
    });
  }

  // In production the API is the whole server; only the local stack puts pages or a stage
  // prefix in front (an app around the app costs a router pass per request).
  let app = composition.app;
  if (before || stagePrefix) {
    app = express();
    app.disable('x-powered-by');
    if (before) app.use(before);
    if (stagePrefix) app.use(stagePrefix, composition.app);
    app.use(composition.app);
  }

  const server = createServer(app);
  await listen(server, { port: config.port, host: config.host, service: 'the API', setting: 'PORT' }).catch(
    async (error: unknown) => {
      keys?.stop();
      await composition.dispose();
      throw error;
    },
  );
  // Slow clients must not hold sockets forever; keep-alive outlives a typical load balancer's.
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 65_000;
  serving = true;
  let shuttingDown = false;
  // A keep-alive connection whose request finishes during shutdown is closed at once.
  server.on('request', (_req, res) => {
    res.once('finish', () => {
      if (shuttingDown) setImmediate(() => server.closeIdleConnections());
    });
  });

  // Resolves once the first attempt is over (within the download's time limit), loaded or not:
  // a caller that starts the server and sends a token at once finds the keys loaded if they can be.
  await keys?.firstAttempt;

  const { port } = server.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    port,
    close() {
      closing ??= (async () => {
        serving = false;
        shuttingDown = true;
        keys?.stop();
        const closed = closeHttpServer(server);
        const timer = setTimeout(() => {
          logger.warn(
            { timeoutMs: config.shutdownTimeoutMs },
            'requests still in flight at the shutdown timeout; closing them',
          );
          server.closeAllConnections();
        }, config.shutdownTimeoutMs);
        try {
          await closed;
        } finally {
          clearTimeout(timer);
        }
        await composition.dispose();
      })();
      return closing;
    },
  };
}
