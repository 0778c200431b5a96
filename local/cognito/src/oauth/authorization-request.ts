/**
 * Validation of an authorization request (`/oauth2/authorize`, and the same query carried by
 * `/login`, `/signup` and the other managed login pages), in Cognito's order: until
 * `client_id` and `redirect_uri` are known good, an error is shown on the page; after that it
 * goes back to the client as `302 {redirect_uri}?error=…&state=…`.
 */
import type { OAuthErrorCode } from '../errors.js';
import { redirectUriProblem } from '../pool/client-settings.js';
import type { ClientRecord } from '../pool/storage.js';
import type { UserPool } from '../pool/user-pool.js';

export { redirectUriProblem };

export interface AuthorizationRequest {
  readonly client: ClientRecord;
  readonly redirectUri: string;
  readonly responseType: 'code' | 'token';
  readonly scopes: readonly string[];
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  /** The query string as received, to carry from page to page. */
  readonly query: string;
}

export type AuthorizationCheck =
  | { readonly kind: 'valid'; readonly request: AuthorizationRequest }
  /** Shown on the page: the client or the redirect URI cannot be trusted with a redirect. */
  | { readonly kind: 'page-error'; readonly error: string; readonly message: string }
  /** Sent back to the client. */
  | {
      readonly kind: 'redirect-error';
      readonly redirectUri: string;
      readonly error: OAuthErrorCode;
      readonly state?: string;
      readonly description: string;
    };

const PARAMETERS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'state',
  'scope',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'identity_provider',
  'idp_identifier',
  'lang',
] as const;

const NEEDS_OPENID = new Set(['email', 'phone', 'profile']);
const CODE_CHALLENGE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** `uri` with `params` added to its query (never its fragment). */
export function withQuery(uri: string, params: Record<string, string | undefined>): string {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) url.searchParams.append(name, value);
  return url.toString();
}

/** Checks an authorization request against the pool and its clients. */
export function checkAuthorizationRequest(pool: UserPool, query: string): AuthorizationCheck {
  const params = new URLSearchParams(query);
  const single = (name: string) => params.get(name) ?? undefined;
  const repeated = PARAMETERS.filter((name) => params.getAll(name).length > 1);

  const clientId = single('client_id');
  const client = pool.clients.find(clientId);
  if (!clientId || params.getAll('client_id').length > 1) {
    return { kind: 'page-error', error: 'invalid_request', message: 'The request has no single client_id.' };
  }
  if (!client) {
    return { kind: 'page-error', error: 'invalid_request', message: `No app client has the id ${clientId}.` };
  }
  const redirectUri = single('redirect_uri');
  if (!redirectUri || params.getAll('redirect_uri').length > 1) {
    return { kind: 'page-error', error: 'redirect_mismatch', message: 'The request has no single redirect_uri.' };
  }
  const problem = redirectUriProblem(redirectUri);
  if (problem) return { kind: 'page-error', error: 'redirect_mismatch', message: problem };
  if (!client.callbackUrls.includes(redirectUri)) {
    return {
      kind: 'page-error',
      error: 'redirect_mismatch',
      message: 'The redirect URI is not one of the callback URLs registered on the app client.',
    };
  }

  const state = single('state');
  const fail = (error: OAuthErrorCode, description: string): AuthorizationCheck => ({
    kind: 'redirect-error',
    redirectUri,
    error,
    ...(state !== undefined ? { state } : {}),
    description,
  });

  if (repeated.length > 0) return fail('invalid_request', `Repeated parameters: ${repeated.join(', ')}.`);
  const responseType = single('response_type');
  if (responseType !== 'code' && responseType !== 'token') {
    return fail('invalid_request', 'response_type must be code or token.');
  }
  const flow = responseType === 'code' ? 'code' : 'implicit';
  if (!client.allowedOAuthFlowsUserPoolClient || !client.allowedOAuthFlows.includes(flow)) {
    return fail('unauthorized_client', `The app client is not allowed the ${flow} grant.`);
  }
  const identityProvider = single('identity_provider');
  if (identityProvider !== undefined && identityProvider !== 'COGNITO') {
    return fail('invalid_request', `The identity provider ${identityProvider} is not configured.`);
  }

  const requested = single('scope');
  let scopes: string[];
  if (requested === undefined) {
    scopes = [...client.allowedOAuthScopes];
  } else {
    const asked = [...new Set(requested.split(/\s+/).filter(Boolean))];
    const unknown = asked.filter((scope) => !pool.knownScopes.includes(scope));
    if (unknown.length > 0) return fail('invalid_scope', `Unknown scopes: ${unknown.join(', ')}.`);
    if (!asked.includes('openid') && asked.some((scope) => NEEDS_OPENID.has(scope))) {
      return fail('invalid_scope', 'The email, phone and profile scopes need openid.');
    }
    scopes = asked.filter((scope) => client.allowedOAuthScopes.includes(scope));
  }
  if (scopes.length === 0) return fail('invalid_scope', 'None of the requested scopes is allowed for this client.');

  const codeChallenge = single('code_challenge');
  const method = single('code_challenge_method');
  if (codeChallenge !== undefined || method !== undefined) {
    if (method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (codeChallenge === undefined || !CODE_CHALLENGE.test(codeChallenge)) {
      return fail('invalid_request', 'code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~].');
    }
  }

  const nonce = single('nonce');
  return {
    kind: 'valid',
    request: {
      client,
      redirectUri,
      responseType,
      scopes,
      query: params.toString(),
      ...(state !== undefined ? { state } : {}),
      ...(nonce !== undefined ? { nonce } : {}),
      ...(codeChallenge !== undefined ? { codeChallenge } : {}),
    },
  };
}
