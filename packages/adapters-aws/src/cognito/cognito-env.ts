/**
 * The variables of the Cognito token verifier, as a schema that `readEnv` (service-kit) applies,
 * so that the Express server, the authorizers and the local stack configure it the same way. The
 * rules are the verifier's own (`cognito-verifier-settings.ts`): what the environment accepts,
 * the verifier accepts.
 */
import { documented, httpUrl, text, wholeNumber } from '@secure-notes/service-kit/config';
import * as z from 'zod/mini';
import { AWS_REGION_PATTERN } from '../aws-region.js';
import { APP_CLIENTS_ENV } from './app-clients.js';
import {
  type CognitoTokenVerifierConfig,
  defaultJwksUri,
  issuerProblem,
  jwksUriProblem,
  MAX_JWKS_FETCH_TIMEOUT_MS,
  poolRegion,
  USER_POOL_ID,
} from './cognito-verifier-settings.js';

/**
 * The verifier's variables: the pool and its clients (required), and for a non-AWS issuer (the
 * local Cognito) the issuer and where its keys are.
 */
export const COGNITO_ENV = z
  .object({
    COGNITO_USER_POOL_ID: documented(
      text(USER_POOL_ID, 'a user pool id such as us-east-1_AbC123xyz ({region}_{alphanumerics})'),
      'the Cognito user pool whose tokens are accepted, e.g. us-east-1_AbC123xyz',
    ),
    ...APP_CLIENTS_ENV.shape,
    COGNITO_REGION: documented(
      z.optional(text(AWS_REGION_PATTERN, 'an AWS region such as us-east-1')),
      "the user pool's region; the pool id names it, so it is checked against it when given",
    ),
    COGNITO_ISSUER: documented(
      z.optional(httpUrl('http://localhost:9229/us-east-1_AbC123xyz')),
      'the token issuer when it is not AWS Cognito (the local Cognito), e.g. http://localhost:9229/us-east-1_AbC123xyz',
    ),
    COGNITO_JWKS_URI: documented(
      z.optional(httpUrl('http://localhost:9229/us-east-1_AbC123xyz/.well-known/jwks.json')),
      'where the signing keys of COGNITO_ISSUER are, when not at {issuer}/.well-known/jwks.json',
    ),
    COGNITO_JWKS_FETCH_TIMEOUT_MS: documented(
      z.optional(wholeNumber(1, MAX_JWKS_FETCH_TIMEOUT_MS, 'milliseconds')),
      'how long one download of the signing keys may take (3000 ms by default)',
    ),
  })
  .check(
    z.superRefine((values, ctx) => {
      const region = poolRegion(values.COGNITO_USER_POOL_ID);
      if (values.COGNITO_REGION !== undefined && region !== undefined && values.COGNITO_REGION !== region) {
        ctx.addIssue({
          code: 'custom',
          path: ['COGNITO_REGION'],
          message: `does not match the region of COGNITO_USER_POOL_ID (${region}): set it to ${region}, or leave it out`,
        });
      }
      if (values.COGNITO_ISSUER === undefined) {
        if (values.COGNITO_JWKS_URI !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['COGNITO_JWKS_URI'],
            message: 'needs COGNITO_ISSUER too (for AWS Cognito, set neither: the keys are found from the pool id)',
          });
        }
        return;
      }
      const wrongIssuer = issuerProblem(values.COGNITO_ISSUER);
      if (wrongIssuer !== undefined) ctx.addIssue({ code: 'custom', path: ['COGNITO_ISSUER'], message: wrongIssuer });
      const jwksUri = values.COGNITO_JWKS_URI ?? defaultJwksUri(values.COGNITO_ISSUER);
      const wrongJwksUri = jwksUriProblem(jwksUri);
      if (wrongJwksUri !== undefined) {
        const variable = values.COGNITO_JWKS_URI === undefined ? 'COGNITO_ISSUER' : 'COGNITO_JWKS_URI';
        ctx.addIssue({ code: 'custom', path: [variable], message: `gives keys at ${jwksUri}, which ${wrongJwksUri}` });
      }
    }),
  );

/**
 * The verifier's configuration from the values `readEnv` read with `COGNITO_ENV`.
 *
 * @example
 * const { cognito } = readEnv({ cognito: COGNITO_ENV }, process.env);
 * const verifier = new CognitoTokenVerifier(cognitoTokenVerifierConfig(cognito));
 */
export function cognitoTokenVerifierConfig(values: z.output<typeof COGNITO_ENV>): CognitoTokenVerifierConfig {
  return {
    userPoolId: values.COGNITO_USER_POOL_ID,
    clientIds: values.COGNITO_CLIENT_IDS,
    ...(values.COGNITO_REGION === undefined ? {} : { region: values.COGNITO_REGION }),
    ...(values.COGNITO_ISSUER === undefined ? {} : { issuer: values.COGNITO_ISSUER }),
    ...(values.COGNITO_JWKS_URI === undefined ? {} : { jwksUri: values.COGNITO_JWKS_URI }),
    ...(values.COGNITO_JWKS_FETCH_TIMEOUT_MS === undefined
      ? {}
      : { fetchTimeoutMs: values.COGNITO_JWKS_FETCH_TIMEOUT_MS }),
  };
}
