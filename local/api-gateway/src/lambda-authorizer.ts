/**
 * A Lambda authorizer (TOKEN or REQUEST) in front of a method, as API Gateway runs it:
 *
 * 1. the identity sources are read; one missing or empty is a 401 and the function is not
 *    invoked (a TOKEN authorizer's token must also match its validation expression);
 * 2. the cache is consulted by key (the token; or every identity source value); on a miss the
 *    function is invoked with the TOKEN or REQUEST event for this request's method ARN;
 * 3. the function's answer: a thrown `Unauthorized` is a 401 (not cached); any other error, a
 *    timeout or a malformed result is a 500 `AuthorizerConfigurationException` (not cached); a
 *    valid result is cached, policy and context, for the TTL;
 * 4. the policy (fresh or cached) is evaluated against this request's method ARN: an explicit
 *    Deny is a 403 "with an explicit deny", no Allow a 403, an Allow lets the request through
 *    with `principalId`, `integrationLatency` and the context for the integration.
 *
 * The cached policy is evaluated against every later method called with the same key, which is
 * what makes a policy naming only the first method ARN fail on the second method.
 */
import type { APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { AuthorizerCache } from './authorizer-cache.js';
import {
  type AuthorizationOutcome,
  type AuthorizationRequest,
  type Authorizer,
  identityHeaderName,
  type RequestAuthorizerDefinition,
  refuse,
  type TokenAuthorizerDefinition,
} from './authorizers.js';
import {
  type AuthorizerResult,
  evaluatePolicy,
  MalformedAuthorizerResultError,
  parseAuthorizerResult,
} from './iam-policy.js';
import type { LambdaFunction } from './lambda/lambda-function.js';
import { headerValue, methodArnOf, requestAuthorizerEventOf, tokenAuthorizerEventOf } from './proxy-event.js';

/** API Gateway's default result TTL. */
export const DEFAULT_RESULT_TTL_SECONDS = 300;

export interface LambdaAuthorizerOptions {
  /** The cache's clock, epoch milliseconds. */
  readonly now?: () => number;
  /** Called with every event the authorizer function is given (tests validate them). */
  readonly onEvent?: (event: APIGatewayTokenAuthorizerEvent | APIGatewayRequestAuthorizerEvent) => void;
}

/**
 * The context values as the integration receives them: numbers and booleans arrive as strings
 * (*uncertain*: AWS's documentation shows `"numberKey": "1"`; keep this the one place to change).
 */
function integrationContext(result: AuthorizerResult, latencyMs: number): Record<string, unknown> {
  const context: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(result.context)) context[key] = String(value);
  return { ...context, principalId: result.principalId, integrationLatency: latencyMs };
}

type Source = { readonly kind: 'header' | 'querystring' | 'stageVariable'; readonly name: string };

function parseSource(expression: string): Source {
  const forms: [string, Source['kind']][] = [
    ['method.request.header.', 'header'],
    ['method.request.querystring.', 'querystring'],
    ['stageVariables.', 'stageVariable'],
  ];
  for (const [prefix, kind] of forms) {
    if (expression.startsWith(prefix) && expression.length > prefix.length) {
      return { kind, name: expression.slice(prefix.length) };
    }
  }
  throw new Error(
    `Unsupported identity source ${JSON.stringify(expression)}: use method.request.header.<name>, method.request.querystring.<name> or stageVariables.<name>`,
  );
}

export class LambdaAuthorizer implements Authorizer {
  readonly #definition: TokenAuthorizerDefinition | RequestAuthorizerDefinition;
  readonly #function: LambdaFunction;
  readonly #cache: AuthorizerCache<AuthorizerResult>;
  readonly #sources: readonly Source[];
  readonly #validation: RegExp | undefined;
  readonly #onEvent: LambdaAuthorizerOptions['onEvent'];

  /**
   * @example
   * new LambdaAuthorizer({ type: 'TOKEN', function: 'Authorizer', resultTtlSeconds: 300 }, authorizerFunction)
   */
  constructor(
    definition: TokenAuthorizerDefinition | RequestAuthorizerDefinition,
    fn: LambdaFunction,
    options: LambdaAuthorizerOptions = {},
  ) {
    this.#definition = definition;
    this.#function = fn;
    this.#onEvent = options.onEvent;
    const ttl = definition.resultTtlSeconds ?? DEFAULT_RESULT_TTL_SECONDS;
    this.#cache = new AuthorizerCache(ttl, options.now);
    if (definition.type === 'TOKEN') {
      this.#sources = [{ kind: 'header', name: identityHeaderName(definition.identitySource) }];
      this.#validation =
        definition.identityValidationExpression === undefined
          ? undefined
          : new RegExp(definition.identityValidationExpression);
    } else {
      this.#sources = (definition.identitySources ?? []).map(parseSource);
      this.#validation = undefined;
      if (this.#sources.length === 0 && ttl > 0) {
        throw new Error(
          `The REQUEST authorizer ${fn.config.name} caches results (resultTtlSeconds ${ttl}) but has no identitySources: name at least one, or set resultTtlSeconds to 0`,
        );
      }
    }
  }

  #identity(input: AuthorizationRequest): string[] | undefined {
    const values: string[] = [];
    const query = input.request.query.queryStringParameters ?? {};
    for (const source of this.#sources) {
      const value =
        source.kind === 'header'
          ? headerValue(input.request.rawHeaders, source.name)
          : source.kind === 'querystring'
            ? query[source.name]
            : input.api.stageVariables?.[source.name];
      if (value === undefined || value.trim() === '') return undefined;
      values.push(value);
    }
    return values;
  }

  async authorize(input: AuthorizationRequest): Promise<AuthorizationOutcome> {
    const identity = this.#identity(input);
    if (identity === undefined) return refuse('UNAUTHORIZED', 'an identity source is missing or empty');
    const token = identity[0] ?? '';
    if (this.#validation !== undefined && !this.#validation.test(token)) {
      return refuse('UNAUTHORIZED', 'the token does not match the identity validation expression');
    }
    const methodArn = methodArnOf(input.api, input.request.method, input.request.path);
    const key = this.#definition.type === 'TOKEN' ? token : JSON.stringify(identity);
    const cached = this.#cache.get(key);
    if (cached !== undefined) return this.#decide(cached, methodArn, 0, true);

    const event =
      this.#definition.type === 'TOKEN'
        ? tokenAuthorizerEventOf(input.request, input.api, token)
        : requestAuthorizerEventOf(input.request, input.api, input.matched, input.headers);
    this.#onEvent?.(event);
    const started = Date.now();
    const outcome = await this.#function.invoke(event);
    const latencyMs = Date.now() - started;
    if (!outcome.ok) {
      if (outcome.failure === 'Unhandled' && outcome.error.errorMessage === 'Unauthorized') {
        return refuse('UNAUTHORIZED', 'the authorizer answered Unauthorized');
      }
      return refuse(
        'AUTHORIZER_CONFIGURATION_ERROR',
        `the authorizer failed (${outcome.failure}): ${outcome.error.errorType}: ${outcome.error.errorMessage}`,
      );
    }
    let result: AuthorizerResult;
    try {
      result = parseAuthorizerResult(outcome.payload);
    } catch (error) {
      if (!(error instanceof MalformedAuthorizerResultError)) throw error;
      return refuse('AUTHORIZER_CONFIGURATION_ERROR', `the authorizer's result is malformed: ${error.message}`);
    }
    this.#cache.set(key, result);
    return this.#decide(result, methodArn, latencyMs, false);
  }

  #decide(result: AuthorizerResult, methodArn: string, latencyMs: number, cached: boolean): AuthorizationOutcome {
    switch (evaluatePolicy(result.policyDocument, methodArn)) {
      case 'deny':
        return refuse('EXPLICIT_DENY', `the policy denies ${methodArn}`, cached);
      case 'implicit-deny':
        return refuse('ACCESS_DENIED', `the policy allows nothing that matches ${methodArn}`, cached);
      case 'allow':
        return { allowed: true, context: integrationContext(result, latencyMs), cached };
    }
  }
}
