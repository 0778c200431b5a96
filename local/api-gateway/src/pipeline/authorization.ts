/**
 * Step 4 of the pipeline: the method's authorizer decides (`cognito-authorizer.ts`,
 * `lambda-authorizer.ts`). Its refusals are the gateway's answers and the function never
 * runs; an authorizer that fails otherwise is `AuthorizerConfigurationException`.
 */
import type { AuthorizationOutcome, AuthorizationRequest } from '../authorizers.js';
import type { Exchange } from './exchange.js';
import type { Route } from './routing.js';

/** What the integration sees at `requestContext.authorizer`; `undefined` for an open method. */
export interface Authorized {
  readonly context: Record<string, unknown> | undefined;
}

const OPEN: Authorized = Object.freeze({ context: undefined });

/** The authorizer's context when the request may go on; otherwise the refusal answered and `undefined`. */
export async function authorize(
  exchange: Exchange,
  route: Route,
  request: Omit<AuthorizationRequest, 'scopes'>,
): Promise<Authorized | undefined> {
  if (route.authorizer === undefined) return OPEN;
  let outcome: AuthorizationOutcome;
  try {
    outcome = await route.authorizer.authorize({ ...request, scopes: route.config.authorizationScopes ?? [] });
  } catch (error) {
    outcome = {
      allowed: false,
      answer: 'AUTHORIZER_CONFIGURATION_ERROR',
      reason: `the authorizer failed: ${(error as Error).message}`,
      cached: false,
    };
  }
  exchange.facts.authorizerCached = outcome.cached;
  if (!outcome.allowed) {
    exchange.gatewayAnswer(outcome.answer, outcome.reason);
    return undefined;
  }
  return { context: outcome.context };
}
