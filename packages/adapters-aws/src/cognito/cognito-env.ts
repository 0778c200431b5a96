/**
 * The variables of the Cognito token verifier, as a schema that `readEnv` (service-kit) applies,
 * so that the Express server, the authorizers and the local stack configure it the same way. The
 * rules are the verifier's own (`cognito-verifier-settings.ts`): what the environment accepts,
 * the verifier accepts.
 */
import { documented, httpUrl, text, wholeNumber } from '@secure-notes/service-kit/config';
import * as v from 'valibot';
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
export const COGNITO_ENV = v.pipe(
  v.object({
    COGNITO_USER_POOL_ID: documented(
      text(USER_POOL_ID, 'a user pool id such as us-east-1_AbC123xyz ({region}_{alphanumerics})'),
      'the Cognito user pool whose tokens are accepted, e.g. us-east-1_AbC123xyz',
    ),
    ...APP_CLIENTS_ENV.entries,
    COGNITO_REGION: documented(
      v.optional(text(AWS_REGION_PATTERN, 'an AWS region such as us-east-1')),
      "the user pool's region; the pool id names it, so it is checked against it when given",
    ),
    COGNITO_ISSUER: documented(
      v.optional(httpUrl('http://localhost:9229/us-east-1_AbC123xyz')),
      'the token issuer when it is not AWS Cognito (the local Cognito), e.g. http://localhost:9229/us-east-1_AbC123xyz',
    ),
    COGNITO_JWKS_URI: documented(
      v.optional(httpUrl('http://localhost:9229/us-east-1_AbC123xyz/.well-known/jwks.json')),
      'where the signing keys of COGNITO_ISSUER are, when not at {issuer}/.well-known/jwks.json',
    ),
    COGNITO_JWKS_FETCH_TIMEOUT_MS: documented(
      v.optional(wholeNumber(1, MAX_JWKS_FETCH_TIMEOUT_MS, 'milliseconds')),
      'how long one download of the signing keys may take (3000 ms by default)',
    ),
  }),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const values = dataset.value;
    const problem = (variable: keyof typeof values, message: string) =>
      addIssue({
        message,
        path: [{ type: 'object', origin: 'value', input: values, key: variable, value: values[variable] }],
      });
    const region = poolRegion(values.COGNITO_USER_POOL_ID);
    if (values.COGNITO_REGION !== undefined && region !== undefined && values.COGNITO_REGION !== region) {
      problem(
        'COGNITO_REGION',
        `does not match the region of COGNITO_USER_POOL_ID (${region}): set it to ${region}, or leave it out`,
      );
    }
    if (values.COGNITO_ISSUER === undefined) {
      if (values.COGNITO_JWKS_URI !== undefined) {
        problem(
          'COGNITO_JWKS_URI',
          'needs COGNITO_ISSUER too (for AWS Cognito, set neither: the keys are found from the pool id)',
        );
      }
      return;
    }
    const wrongIssuer = issuerProblem(values.COGNITO_ISSUER);
    if (wrongIssuer !== undefined) problem('COGNITO_ISSUER', wrongIssuer);
    const jwksUri = values.COGNITO_JWKS_URI ?? defaultJwksUri(values.COGNITO_ISSUER);
    const wrongJwksUri = jwksUriProblem(jwksUri);
    if (wrongJwksUri !== undefined) {
      const variable = values.COGNITO_JWKS_URI === undefined ? 'COGNITO_ISSUER' : 'COGNITO_JWKS_URI';
      problem(variable, `gives keys at ${jwksUri}, which ${wrongJwksUri}`);
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
export function cognitoTokenVerifierConfig(values: v.InferOutput<typeof COGNITO_ENV>): CognitoTokenVerifierConfig {
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
