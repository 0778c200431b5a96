/**
 * The composition root of the authorizer functions: the Cognito verifier from the environment,
 * its signing keys loaded at init (the cold start), and the TOKEN or REQUEST handler over it. A
 * JWKS fetch per invocation would cost every request a round trip; here keys come from memory,
 * and aws-jwt-verify fetches again only for an unknown `kid` (a key rotation), rate-limited.
 * It builds its one object, the verifier, directly: a container would only hand it back, and
 * inversify with reflect-metadata is most of the bundle and of its cold start.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoTokenVerifier } from '@secure-notes/adapters-aws/cognito';
import { createRequestAuthorizer, createTokenAuthorizer } from '@secure-notes/adapters-aws/lambda';
import { authorizerConfigFromEnv } from './config.js';

type Env = Readonly<Record<string, string | undefined>>;

export type AuthorizerType = 'TOKEN' | 'REQUEST';

export interface AuthorizerFunctionOptions {
  readonly logger?: Logger;
  /** The `fetch` the verifier downloads the JWKS with (tests count the downloads). */
  readonly fetch?: typeof globalThis.fetch;
}

/**
 * Builds the authorizer of the given type and loads the signing keys before it is returned.
 *
 * @example
 * export const handler = await composeAuthorizerFunction('TOKEN', process.env);
 */
export async function composeAuthorizerFunction<T extends AuthorizerType>(
  type: T,
  env: Env,
  options: AuthorizerFunctionOptions = {},
): Promise<T extends 'TOKEN' ? ReturnType<typeof createTokenAuthorizer> : ReturnType<typeof createRequestAuthorizer>> {
  const config = authorizerConfigFromEnv(env);
  const logger = options.logger ?? new Logger({ serviceName: config.serviceName, logLevel: config.powertoolsLogLevel });
  const verifier = new CognitoTokenVerifier({
    ...config.verifier,
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  await verifier.hydrate();
  const handler =
    type === 'TOKEN' ? createTokenAuthorizer({ verifier, logger }) : createRequestAuthorizer({ verifier, logger });
  return handler as never;
}
