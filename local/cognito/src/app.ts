/**
 * Assembles the local Cognito as an Express application: the pool and its tokens (loaded from
 * the data folder or created), managed login, the OAuth 2.0 endpoints and the Identity
 * Provider JSON API. `startLocalCognito` (server.ts) puts it on a port; tests may mount it
 * directly.
 */
import cookieParser from 'cookie-parser';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { AuthChallenges } from './api/auth-challenges.js';
import { identityProviderApi } from './api/identity-provider-api.js';
import type { LocalCognitoContext } from './context.js';
import { html } from './html.js';
import { createDefaultLogger, type Logger } from './logger.js';
import { loginRoutes } from './login/login-routes.js';
import { errorPage } from './login/pages.js';
import { SessionStore } from './login/sessions.js';
import { AuthorizationCodes } from './oauth/authorization-codes.js';
import { oauthCors } from './oauth/cors.js';
import { oauthRoutes } from './oauth/oauth-routes.js';
import { redirectUriProblem } from './pool/client-settings.js';
import type { SignInLockoutSettings } from './pool/sign-in-lockout.js';
import { FileStateStorage, MemoryStateStorage } from './pool/storage.js';
import { UserPool } from './pool/user-pool.js';
import { TokenService } from './tokens/token-service.js';

export const DEFAULT_REGION = 'us-east-1';
export const DEFAULT_CALLBACK_URLS = ['http://localhost:3000/callback'];
export const DEFAULT_LOGOUT_URLS = ['http://localhost:3000/'];

export interface LocalCognitoAppOptions {
  /** Where browsers and clients reach the server, e.g. `http://localhost:9229`. The issuer is `{publicUrl}/{userPoolId}`. */
  readonly publicUrl: string;
  /** Folder for the pool's JSON files; omitted, everything stays in memory. */
  readonly dataDir?: string;
  /** Default `us-east-1`. */
  readonly region?: string;
  /** The app client's callback URLs; default `http://localhost:3000/callback`. */
  readonly callbackUrls?: readonly string[];
  /** The app client's sign-out URLs; default `http://localhost:3000/`. */
  readonly logoutUrls?: readonly string[];
  /** A pino-compatible logger; default pino to stdout with redaction. */
  readonly logger?: Logger;
  /** Milliseconds since the epoch; for tests that need time to pass. */
  readonly now?: () => number;
  /** The lockout after five failed password sign-ins: Cognito's (1 s, doubling, at most 15 min) by default. */
  readonly signInLockout?: SignInLockoutSettings;
}

/** What a started pool is, for clients to be configured with. */
export interface LocalCognitoInfo {
  readonly userPoolId: string;
  readonly region: string;
  readonly issuer: string;
  readonly jwksUri: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly m2mClientId: string;
  readonly m2mClientSecret: string;
}

export interface LocalCognitoApp extends LocalCognitoInfo {
  readonly app: Express;
  /** The pool and token internals, for tests. */
  readonly context: LocalCognitoContext;
}

/** Throws, naming the URL, when Cognito would refuse to register it on an app client. */
export function checkRegistrableUrls(kind: string, urls: readonly string[] | undefined): void {
  for (const url of urls ?? []) {
    const problem = redirectUriProblem(url);
    if (problem) throw new Error(`The ${kind} URL ${url} cannot be registered: ${problem}`);
  }
}

/**
 * Builds the Express app of a local Cognito user pool.
 *
 * @example
 * const { app, issuer } = await createLocalCognitoApp({ publicUrl: 'http://localhost:9229' });
 * app.listen(9229);
 */
export async function createLocalCognitoApp(options: LocalCognitoAppOptions): Promise<LocalCognitoApp> {
  const publicUrl = options.publicUrl.replace(/\/+$/, '');
  const logger = options.logger ?? createDefaultLogger();
  const now = options.now ?? Date.now;
  checkRegistrableUrls('callback', options.callbackUrls);
  checkRegistrableUrls('sign-out', options.logoutUrls);
  const storage = options.dataDir ? new FileStateStorage(options.dataDir) : new MemoryStateStorage();
  const pool = UserPool.open({
    region: options.region ?? DEFAULT_REGION,
    storage,
    logger,
    now,
    ...(options.callbackUrls ? { callbackUrls: options.callbackUrls } : {}),
    ...(options.logoutUrls ? { logoutUrls: options.logoutUrls } : {}),
    ...(options.signInLockout ? { signInLockout: options.signInLockout } : {}),
  });
  const issuer = `${publicUrl}/${pool.id}`;
  const tokens = await TokenService.open({
    storage,
    issuer,
    now,
    findUser: (username) => pool.users.find(username),
    groupsOf: (user) => pool.groups.namesOf(user),
  });
  const context: LocalCognitoContext = {
    pool,
    tokens,
    codes: new AuthorizationCodes(now),
    sessions: new SessionStore({ now, secureCookies: publicUrl.startsWith('https:') }),
    logger,
    publicUrl,
    issuer,
    now,
  };

  const app = express();
  app.disable('x-powered-by');
  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The path only: query strings carry state, codes and challenges.
      logger.debug(
        {
          method: req.method,
          path: req.path,
          operation: req.get('x-amz-target')?.split('.')[1],
          status: res.statusCode,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        'request',
      );
    });
    next();
  });
  app.use(cookieParser(pool.cookieSecret));
  app.use(
    identityProviderApi({
      pool,
      clients: pool.clients,
      users: pool.users,
      groups: pool.groups,
      signUps: pool.signUps,
      signIns: pool.signIns,
      passwordResets: pool.passwordResets,
      tokens,
      challenges: new AuthChallenges(now),
      logger,
      publicUrl,
    }),
  );
  app.use(oauthCors(pool.id));
  app.use(oauthRoutes(context));
  app.use(loginRoutes(context));
  app.get('/', (_req, res) => {
    res.type('html').send(
      html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local Cognito</title></head>
<body><main><h1>Local Cognito</h1><p>User pool <code>${pool.id}</code> (${pool.region}).</p>
<p>Issuer: <code>${issuer}</code></p></main></body></html>`.value,
    );
  });
  app.use((req, res) => {
    res.status(404).json({ message: `No route ${req.method} ${req.path} on the local Cognito.` });
  });
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: unknown }).status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    if (!clientError) {
      logger.error(
        { err: { message: (error as Error).message, name: (error as Error).name }, path: req.path },
        'failed',
      );
    }
    if (res.headersSent) return;
    if (req.method === 'POST' && req.path === '/') {
      res
        .status(clientError ? 400 : 500)
        .type('application/x-amz-json-1.1')
        .send(
          JSON.stringify({
            __type: clientError ? 'SerializationException' : 'InternalErrorException',
            message: clientError ? 'The request could not be read.' : 'Internal error in the local Cognito.',
          }),
        );
    } else if (req.path.startsWith('/oauth2/')) {
      res.status(clientError ? 400 : 500).json({ error: clientError ? 'invalid_request' : 'server_error' });
    } else {
      res
        .status(clientError ? 400 : 500)
        .type('html')
        .send(
          errorPage({
            title: 'Something went wrong',
            message: clientError ? 'The request could not be read.' : 'The local Cognito failed; see its log.',
          }),
        );
    }
  });

  return {
    app,
    context,
    userPoolId: pool.id,
    region: pool.region,
    issuer,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    clientId: pool.appClient.clientId,
    clientSecret: pool.appClient.clientSecret as string,
    m2mClientId: pool.m2mClient.clientId,
    m2mClientSecret: pool.m2mClient.clientSecret as string,
  };
}
