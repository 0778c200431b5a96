/**
 * Step 5 of the pipeline: the Lambda proxy integration. The function is invoked with the proxy
 * event, within the integration timeout (a wait for a free instance included, which the timeout
 * ends). What comes back is the function's answer, or the gateway's: `502` for an error that
 * escapes it, its timeout, a crash, a failed init or a malformed result; `413` for an event
 * over Lambda's 6 MB; `500` throttled; `504` past the integration timeout.
 */
import type { GatewayResponseType } from '../gateway-responses.js';
import type { InvocationFailure, InvocationOutcome } from '../lambda/lambda-function.js';
import { withTimeout } from '../lambda/with-timeout.js';
import { MalformedProxyResultError, type ProxyResponse, parseProxyResult } from '../proxy-result.js';
import type { Exchange } from './exchange.js';
import type { Route } from './routing.js';

/** The gateway's answer to the invocation failures that are not a plain `502`. */
const FAILURE_ANSWERS: Partial<Record<InvocationFailure, GatewayResponseType>> = {
  Throttled: 'THROTTLED_FUNCTION',
  RequestTooLarge: 'REQUEST_TOO_LARGE',
};

/** The function's answer, as it gave it. */
export interface Integrated {
  readonly response: ProxyResponse;
  readonly coldStart: boolean;
}

/** The answer an invocation outcome gives: the function's, or the gateway's with the reason. */
function integrationResponse(
  outcome: InvocationOutcome,
): ProxyResponse | { type: GatewayResponseType; reason: string } {
  if (!outcome.ok) {
    const reason = `${outcome.failure}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`;
    return { type: FAILURE_ANSWERS[outcome.failure] ?? 'INTEGRATION_FAILURE', reason };
  }
  try {
    return parseProxyResult(outcome.payload);
  } catch (error) {
    if (!(error instanceof MalformedProxyResultError)) throw error;
    return { type: 'INTEGRATION_FAILURE', reason: `Malformed Lambda proxy response: ${error.message}` };
  }
}

/** Invokes the route's function; its answer, or the gateway's answered and `undefined`. */
export async function integrate(
  exchange: Exchange,
  route: Route,
  event: unknown,
  timeoutMs: number,
): Promise<Integrated | undefined> {
  const waiting = new AbortController();
  const outcome = await withTimeout(route.fn.invoke(event, { signal: waiting.signal }), timeoutMs);
  if (outcome === undefined) {
    waiting.abort();
    exchange.gatewayAnswer('INTEGRATION_TIMEOUT', `the integration ran past ${timeoutMs} ms`);
    return undefined;
  }
  const response = integrationResponse(outcome);
  if (!('statusCode' in response)) {
    exchange.facts.function = route.fn.config.name;
    exchange.gatewayAnswer(response.type, response.reason);
    return undefined;
  }
  return { response, coldStart: outcome.ok && outcome.coldStart };
}
