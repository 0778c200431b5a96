/**
 * The authorizer functions' configuration, read once per instance at init from the environment
 * the infrastructure sets: the Cognito verifier's variables (its own schema, the one the server
 * reads too) and the log level. A mistake stops the init with every problem listed.
 */
import {
  COGNITO_ENV,
  type CognitoTokenVerifierConfig,
  cognitoTokenVerifierConfig,
} from '@secure-notes/adapters-aws/cognito';
import {
  documented,
  type Env,
  LOGGING_ENV,
  powertoolsLogLevel,
  type ReadEnvOptions,
  readEnv,
  text,
} from '@secure-notes/service-kit/config';
import * as v from 'valibot';

/** The function's own variable. */
export const AUTHORIZER_FUNCTION_ENV = v.object({
  POWERTOOLS_SERVICE_NAME: documented(
    v.optional(text(/^\S+$/, 'a service name'), 'secure-notes-authorizer'),
    'the service name on every log line',
  ),
});

/** Every schema the authorizers read, by part. */
export const AUTHORIZER_SCHEMAS = {
  function: AUTHORIZER_FUNCTION_ENV,
  cognito: COGNITO_ENV,
  logging: LOGGING_ENV,
} as const;

export interface AuthorizerFunctionConfig {
  readonly verifier: CognitoTokenVerifierConfig;
  readonly powertoolsLogLevel: ReturnType<typeof powertoolsLogLevel>;
  readonly serviceName: string;
}

/**
 * Reads and checks the function's environment; throws a `ConfigError` that lists every problem.
 *
 * @example
 * const config = authorizerConfigFromEnv(process.env);
 */
export function authorizerConfigFromEnv(
  env: Env,
  options: Pick<ReadEnvOptions, 'onWarning'> = {},
): AuthorizerFunctionConfig {
  const parts = readEnv(AUTHORIZER_SCHEMAS, env, {
    ...options,
    heading: 'The authorizer is misconfigured; set these environment variables',
  });
  return {
    verifier: cognitoTokenVerifierConfig(parts.cognito),
    powertoolsLogLevel: powertoolsLogLevel(parts.logging.LOG_LEVEL),
    serviceName: parts.function.POWERTOOLS_SERVICE_NAME,
  };
}
