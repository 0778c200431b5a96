/**
 * The bearer tokens the token suite sends (OWASP API2, broken authentication): the shared
 * catalogue of forgeries (`forgedTokens` of `@secure-notes/testing`), built at test time from a
 * user's genuine local-Cognito tokens and re-signed, where a claim changes, with the pool's own
 * key; plus the genuine access tokens that lack the route's scope. Each case says which answer
 * the contract gives for it on each entrypoint and route.
 */

import {
  type Answer,
  ENTRYPOINT_ANSWERS,
  type Entrypoint,
  NOTES_ROUTES,
  type NotesRoute,
} from '@secure-notes/http-api';
import { poolSigner } from '@secure-notes/local-cognito/testing';
import { forgedTokens, makeTestKey } from '@secure-notes/testing';
import { claimsOf } from '../stack.js';
import type { SecurityEnvironment, SignedInUser } from './security-environment.js';

/** Node's HTTP server refuses a request whose headers pass 16 KiB, before any handler: no body. */
export const HEADER_TOO_LARGE = { status: 431 } as const;

export type ExpectedRefusal = Answer | typeof HEADER_TOO_LARGE;

export interface TokenCase {
  readonly name: string;
  /** The `Authorization` header value. */
  readonly authorization: string;
  /** For a case about the present moment: a value made afresh just before each request. */
  readonly authorizationNow?: () => Promise<string>;
  /** The routes it is sent to (every route unless the case is about a route's scope). */
  readonly routes: readonly NotesRoute[];
  /** The contract's answer on this entrypoint and route. */
  expected(entrypoint: Entrypoint, route: NotesRoute): ExpectedRefusal;
}

/**
 * Cases that reach the notes function before they are refused, by entrypoint and case name.
 * API Gateway's Cognito user pool authorizer checks the signature, the issuer and `exp`, not the
 * app client (`aud`, `client_id`) nor which kind of token it is: an ID token the pool made for
 * another app client, or an access token re-labelled `token_use: "id"`, gets through it. The
 * notes function refuses them itself (the app client must be one of `COGNITO_CLIENT_IDS`), with
 * the same 401, before any use case: they count as notes-function invocations, never as storage
 * calls. (The suite found this as a gap; it is fixed, and these cases show the fix holds.)
 */
export const REFUSED_BY_THE_FUNCTION: Readonly<Partial<Record<Entrypoint, readonly string[]>>> = {
  'gateway-cognito': ['another audience (aud)', 'an access token labelled token_use "id"'],
};

const READ_ROUTES = NOTES_ROUTES.filter((route) => route.access === 'read');
const WRITE_ROUTES = NOTES_ROUTES.filter((route) => route.access === 'write');

/** What makes the token catalogue: a victim's genuine tokens and access tokens of each partial scope. */
export interface TokenCaseInputs {
  readonly victim: SignedInUser;
  /** Access tokens of the victim with `notes/read` only, `notes/write` only, and neither. */
  readonly readOnly: string;
  readonly writeOnly: string;
  readonly noScope: string;
}

/**
 * @example
 * const cases = await tokenCases(env, { victim: alice, readOnly, writeOnly, noScope });
 */
export async function tokenCases(env: SecurityEnvironment, inputs: TokenCaseInputs): Promise<TokenCase[]> {
  const jwks = (await (await fetch(env.cognito.jwksUri)).json()) as { keys: Record<string, unknown>[] };
  const sign = await poolSigner(env.cognitoDataDir);
  const forged = await forgedTokens({
    idToken: inputs.victim.idToken,
    accessToken: inputs.victim.accessToken,
    refreshToken: inputs.victim.refreshToken,
    noScopeAccessToken: inputs.noScope,
    jwks,
    attacker: await makeTestKey(),
    resign: (claims, use) => sign(claims, use),
  });
  const claims = claimsOf(inputs.victim.idToken);
  const cases: TokenCase[] = forged.map((token) => ({
    name: token.name,
    authorization: token.authorization,
    // Signed with `exp` = this very second just before it is sent, so that it reaches the
    // verifier at its expiry (where a verifier that compares `exp < now` lets it through).
    ...(token.name === 'exactly at its expiry'
      ? {
          authorizationNow: () => {
            const now = Math.floor(Date.now() / 1000);
            return sign({ ...claims, exp: now, iat: now - 3600 }, 'id');
          },
        }
      : {}),
    routes: NOTES_ROUTES,
    expected: (entrypoint) => {
      const answers = ENTRYPOINT_ANSWERS[entrypoint];
      if (Buffer.byteLength(token.authorization) > 16 * 1024) return HEADER_TOO_LARGE;
      if (token.expired) return answers.expiredToken;
      if (token.authorization === inputs.noScope) return answers.noNotesScope;
      return answers.invalidToken;
    },
  }));
  cases.push(
    {
      name: 'an access token with notes/read only, on a write route',
      authorization: inputs.readOnly,
      routes: WRITE_ROUTES,
      expected: (entrypoint) => ENTRYPOINT_ANSWERS[entrypoint].readScopeOnWriteRoute,
    },
    {
      name: 'an access token with notes/write only, on a read route',
      authorization: inputs.writeOnly,
      routes: READ_ROUTES,
      // A Lambda authorizer's policy denies the admin routes to a non-admin outright, and a Deny
      // outweighs the missing Allow: that answer, not the scope's, on the admin route there.
      expected: (entrypoint, route) =>
        route.adminOnly && entrypoint === 'gateway-lambda-authorizer'
          ? ENTRYPOINT_ANSWERS[entrypoint].nonAdminOnAdminRoute
          : ENTRYPOINT_ANSWERS[entrypoint].writeScopeOnReadRoute,
    },
  );
  return cases;
}
