/** Puts the local Cognito on a port (`startLocalCognito`), for the CLI, the local stack and tests. */

import { createServer } from 'node:http';
import { listen } from '@secure-notes/service-kit';
import { checkRegistrableUrls, createLocalCognitoApp, type LocalCognitoInfo } from './app.js';
import type { Logger } from './logger.js';
import type { ClientSettings } from './pool/client-settings.js';
import type { SignInLockoutSettings } from './pool/sign-in-lockout.js';

export const DEFAULT_PORT = 9229;
export const DEFAULT_HOST = '127.0.0.1';

export interface LocalCognitoOptions {
  /** Default 9229 (env `COGNITO_PORT` in the CLI); 0 picks a free port. */
  readonly port?: number;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** Folder for the pool's JSON files; omitted, everything stays in memory. */
  readonly dataDir?: string;
  /** Default us-east-1. */
  readonly region?: string;
  /** Default `http://localhost:<port>`. */
  readonly publicUrl?: string;
  /** The app client's callback URLs; default `http://localhost:3000/callback`. */
  readonly callbackUrls?: string[];
  /** The app client's sign-out URLs; default `http://localhost:3000/`. */
  readonly logoutUrls?: string[];
  /** A pino-compatible logger; default pino to stdout with redaction. */
  readonly logger?: Logger;
  /** The pool's clock in epoch milliseconds; tests move it to mint tokens that have expired. */
  readonly now?: () => number;
  /** The lockout after five failed password sign-ins: Cognito's (1 s, doubling, at most 15 min) by default. */
  readonly signInLockout?: SignInLockoutSettings;
}

export interface LocalCognito extends LocalCognitoInfo {
  /** The server's base URL (the public URL), e.g. `http://localhost:9229`: managed login, OAuth 2.0 and the JSON API. */
  readonly url: string;
  /**
   * Replaces the app client's callback and sign-out URLs (each list only when given), for an
   * application that learns its own address only once it listens.
   *
   * @example
   * cognito.setAppClientUrls({ callbackUrls: [`http://localhost:${api.port}/callback`] });
   */
  setAppClientUrls(urls: { readonly callbackUrls?: readonly string[]; readonly logoutUrls?: readonly string[] }): void;
  /**
   * Creates a public app client (no secret) with these settings, or, when the pool already has
   * a public client of that name (a data folder from an earlier start), gives it these settings.
   * Its id either way.
   *
   * @example
   * const webClientId = cognito.ensurePublicClient({ clientName: 'web', allowedOAuthFlowsUserPoolClient: true, ... });
   */
  ensurePublicClient(settings: ClientSettings): string;
  /**
   * Test only: ID and access tokens of `clientId` live `seconds`, below the five minutes that
   * Cognito allows at least, so that a test can watch a session expire.
   */
  setTokenLifetimeForTests(clientId: string, seconds: number): void;
  /** Stops the server, closing open connections. */
  close(): Promise<void>;
}

/**
 * Starts a local Cognito user pool: managed login, OAuth 2.0 and the Identity Provider JSON API
 * on one port. The pool, its clients, keys and users are created on first start and, with
 * `dataDir`, kept across restarts.
 *
 * @example
 * const cognito = await startLocalCognito({ port: 0 });
 * // authorize at `${cognito.url}/oauth2/authorize`, verify against cognito.issuer / cognito.jwksUri
 * await cognito.close();
 */
export async function startLocalCognito(options: LocalCognitoOptions = {}): Promise<LocalCognito> {
  const host = options.host ?? DEFAULT_HOST;
  const server = createServer();
  const port = await listen(server, {
    port: options.port ?? DEFAULT_PORT,
    host,
    service: 'the local Cognito',
    setting: 'COGNITO_PORT',
  });
  const url = (options.publicUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');
  let built: Awaited<ReturnType<typeof createLocalCognitoApp>>;
  try {
    built = await createLocalCognitoApp({
      publicUrl: url,
      ...(options.dataDir !== undefined ? { dataDir: options.dataDir } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
      ...(options.callbackUrls !== undefined ? { callbackUrls: options.callbackUrls } : {}),
      ...(options.logoutUrls !== undefined ? { logoutUrls: options.logoutUrls } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
      ...(options.now !== undefined ? { now: options.now } : {}),
      ...(options.signInLockout !== undefined ? { signInLockout: options.signInLockout } : {}),
    });
  } catch (error) {
    server.close();
    throw error;
  }
  const { app, context, ...info } = built;
  server.on('request', app);
  return {
    ...info,
    url,
    setAppClientUrls: (urls) => {
      checkRegistrableUrls('callback', urls.callbackUrls);
      checkRegistrableUrls('sign-out', urls.logoutUrls);
      context.pool.clients.setUrls(context.pool.appClient.clientId, urls);
    },
    ensurePublicClient: (settings) => {
      const clients = context.pool.clients;
      const existing = clients
        .list()
        .find((client) => client.clientName === settings.clientName && client.clientSecret === undefined);
      return existing === undefined
        ? clients.create(settings, false).clientId
        : clients.update(existing.clientId, settings).clientId;
    },
    setTokenLifetimeForTests: (clientId, seconds) => {
      const { refreshToken, units } = context.pool.clients.require(clientId).tokenValidity;
      context.pool.clients.setTokenValidityForTests(clientId, {
        accessToken: seconds,
        idToken: seconds,
        refreshToken,
        units: { accessToken: 'seconds', idToken: 'seconds', refreshToken: units.refreshToken },
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
