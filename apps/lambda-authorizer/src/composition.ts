/**
 * The composition root of the authorizer functions: the Cognito verifier from the environment,
 * its signing keys loaded at init (the cold start), and the TOKEN or REQUEST handler over it.
 * It builds them directly, without inversify: there is nothing to compose but one verifier. A
 * JWKS fetch per invocation would cost every request a round trip; here keys come from memory,
 * and aws-jwt-verify fetches again only for an unknown `kid` (a key rotation), rate-limited.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { CognitoTokenVerifier, cognitoTokenVerifierConfigFromEnv } from '@secure-notes/adapters-aws/cognito';
import { createRequestAuthorizer, createTokenAuthorizer } from '@secure-notes/adapters-aws/lambda';

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
  const logger =
    options.logger ??
    new Logger({
      serviceName: env.POWERTOOLS_SERVICE_NAME || 'secure-notes-authorizer',
      logLevel: (env.LOG_LEVEL?.trim() || 'INFO') as 'INFO',
    });
  // One object with one dependency, the configuration: a container would only hand back what was
  // put in it, and the concrete verifier is needed anyway, to load its keys at init.
  const verifier = new CognitoTokenVerifier({
    ...cognitoTokenVerifierConfigFromEnv(env),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  await verifier.hydrate();
  const handler =
    type === 'TOKEN' ? createTokenAuthorizer({ verifier, logger }) : createRequestAuthorizer({ verifier, logger });
  return handler as never;
}
