/**
 * The OAuth 2.0 endpoints clients call directly: `/oauth2/token`, `/oauth2/userInfo`,
 * `/oauth2/revoke`, plus discovery (`{issuer}/.well-known/openid-configuration` and
 * `jwks.json`). Success and error shapes follow Cognito's user pool endpoints reference.
 */
import express, { type Request, type Response, Router } from 'express';
import type { LocalCognitoContext } from '../context.js';
import { OAuthError } from '../errors.js';
import type { ClientRecord } from '../pool/storage.js';
import { STANDARD_SCOPES } from '../pool/user-pool.js';
import { looksLikeJwt, REFRESH_REFUSAL_MESSAGES, TokenRejectedError, type TokenSet } from '../tokens/token-service.js';
import { pkceMatches } from './authorization-codes.js';

type Body = Record<string, unknown>;

function formDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function noStore(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function sendOAuthError(res: Response, error: OAuthError): void {
  noStore(res);
  res
    .status(error.status)
    .type('application/json')
    .send(JSON.stringify({ error: error.code }));
}

/** The form body, refusing other content types and repeated parameters. */
function formBody(req: Request): Body {
  if (!req.is('application/x-www-form-urlencoded')) {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  }
  const body = (req.body ?? {}) as Body;
  const repeated = Object.entries(body).filter(([, value]) => typeof value !== 'string');
  if (repeated.length > 0) {
    throw new OAuthError('invalid_request', `Repeated parameters: ${repeated.map(([name]) => name).join(', ')}.`);
  }
  return body;
}

function param(body: Body, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * client_secret_basic or client_secret_post. Unknown clients and wrong secrets are
 * `invalid_client` with `status`.
 */
function authenticateClient(ctx: LocalCognitoContext, req: Request, body: Body, status: number): ClientRecord {
  const header = req.get('authorization');
  let clientId = param(body, 'client_id');
  let secret = param(body, 'client_secret');
  if (header !== undefined) {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    const decoded = match ? Buffer.from(match[1] as string, 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    if (colon < 0) throw new OAuthError('invalid_client', 'The Authorization header is not HTTP Basic.', status);
    if (secret !== undefined) {
      throw new OAuthError('invalid_request', 'Use one client authentication method, not both.');
    }
    const headerId = formDecode(decoded.slice(0, colon));
    if (headerId === undefined) throw new OAuthError('invalid_client', 'The client id is not URL-encoded.', status);
    if (clientId !== undefined && clientId !== headerId) {
      throw new OAuthError('invalid_client', 'client_id differs from the Authorization header.', status);
    }
    clientId = headerId;
    secret = formDecode(decoded.slice(colon + 1));
  }
  if (!clientId) throw new OAuthError('invalid_request', 'client_id is missing.');
  const client = ctx.pool.clients.find(clientId);
  if (!client) throw new OAuthError('invalid_client', 'Unknown client.', status);
  if (client.clientSecret !== undefined && !ctx.pool.clients.secretMatches(client, secret)) {
    throw new OAuthError('invalid_client', 'The client secret is missing or wrong.', status);
  }
  return client;
}

function tokenResponse(tokens: TokenSet): Record<string, string | number> {
  return {
    ...(tokens.idToken !== undefined ? { id_token: tokens.idToken } : {}),
    access_token: tokens.accessToken,
    ...(tokens.refreshToken !== undefined ? { refresh_token: tokens.refreshToken } : {}),
    expires_in: tokens.expiresIn,
    token_type: 'Bearer',
  };
}

async function authorizationCodeGrant(ctx: LocalCognitoContext, client: ClientRecord, body: Body) {
  if (!client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes('code')) {
    throw new OAuthError('unauthorized_client', 'The client is not allowed the authorization code grant.');
  }
  const code = param(body, 'code');
  const redirectUri = param(body, 'redirect_uri');
  if (!code || !redirectUri) throw new OAuthError('invalid_request', 'code and redirect_uri are required.');
  const grant = ctx.codes.consume(code, client.clientId);
  if (!grant) throw new OAuthError('invalid_grant', 'The code is unknown, used or expired.');
  if (grant.redirectUri !== redirectUri) {
    throw new OAuthError('invalid_grant', 'redirect_uri differs from the one sent to the authorize endpoint.');
  }
  if (grant.codeChallenge !== undefined) {
    const verifier = param(body, 'code_verifier');
    if (!verifier) throw new OAuthError('invalid_request', 'code_verifier is required for this code.');
    if (!pkceMatches(verifier, grant.codeChallenge)) {
      throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge.');
    }
  }
  const user = ctx.pool.users.find(grant.username);
  if (!user?.enabled) throw new OAuthError('invalid_grant', 'The user no longer exists or is disabled.');
  const tokens = await ctx.tokens.issueForUser({
    user,
    client,
    scopes: grant.scopes,
    authTime: grant.authTime,
    ...(grant.nonce !== undefined ? { nonce: grant.nonce } : {}),
    withRefreshToken: true,
  });
  ctx.logger.info({ event: 'token', grantType: 'authorization_code', username: user.username }, 'tokens issued');
  return tokenResponse(tokens);
}

async function refreshTokenGrant(ctx: LocalCognitoContext, client: ClientRecord, body: Body) {
  const refreshToken = param(body, 'refresh_token');
  if (!refreshToken) throw new OAuthError('invalid_request', 'refresh_token is required.');
  const outcome = await ctx.tokens.refresh(refreshToken, client);
  if (outcome.kind === 'refused') {
    throw new OAuthError(
      'invalid_grant',
      `The refresh token cannot be used: ${REFRESH_REFUSAL_MESSAGES[outcome.reason]}.`,
    );
  }
  ctx.logger.info({ event: 'token', grantType: 'refresh_token', clientId: client.clientId }, 'tokens refreshed');
  return tokenResponse(outcome.tokens);
}

async function clientCredentialsGrant(ctx: LocalCognitoContext, client: ClientRecord, body: Body) {
  if (!client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes('client_credentials')) {
    throw new OAuthError('unauthorized_client', 'The client is not allowed the client_credentials grant.');
  }
  const allowed = client.allowedOAuthScopes.filter((scope) => !(STANDARD_SCOPES as readonly string[]).includes(scope));
  const requested = param(body, 'scope');
  const scopes = requested === undefined ? allowed : [...new Set(requested.split(/\s+/).filter(Boolean))];
  if (scopes.length === 0 || scopes.some((scope) => !allowed.includes(scope))) {
    throw new OAuthError(
      'invalid_scope',
      'client_credentials takes only resource-server scopes the client is allowed.',
    );
  }
  const tokens = await ctx.tokens.issueForClient(client, scopes);
  ctx.logger.info({ event: 'token', grantType: 'client_credentials', clientId: client.clientId }, 'token issued');
  return tokenResponse(tokens);
}

function bearerToken(req: Request): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

function sendInvalidToken(res: Response, description: string): void {
  noStore(res);
  res
    .status(401)
    .set('WWW-Authenticate', `Bearer error="invalid_token", error_description="${description.replace(/"/g, "'")}"`)
    .json({ error: 'invalid_token', error_description: description });
}

const PROFILE_ATTRIBUTES = new Set(['email', 'email_verified', 'phone_number', 'phone_number_verified', 'sub']);

/** The OAuth 2.0 and discovery routes. */
export function oauthRoutes(ctx: LocalCognitoContext): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '64kb', parameterLimit: 50 });

  router.post('/oauth2/token', form, async (req, res) => {
    try {
      const body = formBody(req);
      const grantType = param(body, 'grant_type');
      if (!grantType) throw new OAuthError('invalid_request', 'grant_type is required.');
      if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
        throw new OAuthError('unsupported_grant_type', `grant_type ${grantType} is not supported.`);
      }
      const client = authenticateClient(ctx, req, body, 400);
      const response =
        grantType === 'authorization_code'
          ? await authorizationCodeGrant(ctx, client, body)
          : grantType === 'refresh_token'
            ? await refreshTokenGrant(ctx, client, body)
            : await clientCredentialsGrant(ctx, client, body);
      noStore(res);
      res.status(200).type('application/json').send(JSON.stringify(response));
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      ctx.logger.info({ event: 'token', error: error.code, reason: error.message }, 'token request refused');
      sendOAuthError(res, error);
    }
  });

  router.post('/oauth2/revoke', form, (req, res) => {
    try {
      const body = formBody(req);
      const client = authenticateClient(ctx, req, body, 401);
      const token = param(body, 'token');
      if (!token) throw new OAuthError('invalid_request', 'token is required.');
      const hint = param(body, 'token_type_hint');
      if ((hint !== undefined && hint !== 'refresh_token') || looksLikeJwt(token)) {
        throw new OAuthError('unsupported_token_type', 'Only refresh tokens can be revoked.');
      }
      if (!client.enableTokenRevocation) {
        throw new OAuthError('invalid_request', 'Token revocation is not enabled for this app client.');
      }
      const outcome = ctx.tokens.revokeRefreshToken(token, client.clientId);
      if (outcome === 'other-client') {
        throw new OAuthError('invalid_request', 'The token was not issued to this client.');
      }
      ctx.logger.info({ event: 'revoke', clientId: client.clientId, outcome }, 'revocation request');
      noStore(res);
      res.status(200).end();
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      sendOAuthError(res, error);
    }
  });

  const userInfo = async (req: Request, res: Response) => {
    const token = bearerToken(req);
    if (!token) return sendInvalidToken(res, 'An access token is required (Authorization: Bearer <token>).');
    try {
      const claims = await ctx.tokens.verifyAccessToken(token);
      const user = ctx.pool.users.find(claims.username);
      if (!claims.username || !user?.enabled) return sendInvalidToken(res, 'The token does not belong to a user.');
      const scopes = claims.scope.split(' ');
      const all = scopes.includes('aws.cognito.signin.user.admin');
      if (!all && !scopes.includes('openid')) return sendInvalidToken(res, 'The token lacks the openid scope.');
      const out: Record<string, string> = { sub: user.attributes.sub ?? user.username };
      for (const [name, value] of Object.entries(user.attributes)) {
        const byScope =
          ((name === 'email' || name === 'email_verified') && scopes.includes('email')) ||
          ((name === 'phone_number' || name === 'phone_number_verified') && scopes.includes('phone')) ||
          (!PROFILE_ATTRIBUTES.has(name) && scopes.includes('profile'));
        if (all || byScope) out[name] = value;
      }
      out.username = user.username;
      noStore(res);
      res.status(200).json(out);
    } catch (error) {
      if (!(error instanceof TokenRejectedError)) throw error;
      sendInvalidToken(res, error.message);
    }
  };
  router.get('/oauth2/userInfo', userInfo);
  router.post('/oauth2/userInfo', userInfo);

  const poolPath = `/${ctx.pool.id}/.well-known`;
  router.get(`${poolPath}/jwks.json`, (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').json(ctx.tokens.jwks());
  });
  router.get(`${poolPath}/openid-configuration`, (_req, res) => {
    res.json({
      authorization_endpoint: `${ctx.publicUrl}/oauth2/authorize`,
      end_session_endpoint: `${ctx.publicUrl}/logout`,
      id_token_signing_alg_values_supported: ['RS256'],
      issuer: ctx.issuer,
      jwks_uri: `${ctx.issuer}/.well-known/jwks.json`,
      response_types_supported: ['code', 'token'],
      revocation_endpoint: `${ctx.publicUrl}/oauth2/revoke`,
      scopes_supported: ['openid', 'email', 'phone', 'profile'],
      subject_types_supported: ['public'],
      token_endpoint: `${ctx.publicUrl}/oauth2/token`,
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      userinfo_endpoint: `${ctx.publicUrl}/oauth2/userInfo`,
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      code_challenge_methods_supported: ['S256'],
    });
  });

  return router;
}
