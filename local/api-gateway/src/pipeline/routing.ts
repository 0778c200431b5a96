/**
 * Step 3 of the pipeline: the API's methods, by resource. A method and path that no route
 * defines is API Gateway's `403 Missing Authentication Token`, whatever the token; a match
 * names the route's function, its authorizer and its resource.
 */
import { createHash } from 'node:crypto';
import type { Authorizer } from '../authorizers.js';
import type { LambdaFunction } from '../lambda/lambda-function.js';
import { type ResourceMatch, ResourceTree } from '../resource-tree.js';
import type { Exchange } from './exchange.js';

export type GatewayMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS' | 'ANY';

export interface GatewayRoute {
  readonly method: GatewayMethod;
  /** The resource path template: `/notes/{noteId}`. */
  readonly path: string;
  /** The name of the function the Lambda proxy integration invokes. */
  readonly function: string;
  /** The name of the method's authorizer; none leaves the method open. */
  readonly authorizer?: string;
  /** OAuth scopes of the method (Cognito authorizer only): then it takes access tokens with one of them. */
  readonly authorizationScopes?: readonly string[];
  /** This integration's timeout (50 ms to 29 s on AWS); the API's `integrationTimeoutMs` by default. */
  readonly integrationTimeoutMs?: number;
}

/** A route as the pipeline runs it: its function and authorizer resolved. */
export interface Route {
  readonly config: GatewayRoute;
  readonly fn: LambdaFunction;
  readonly authorizer: Authorizer | undefined;
  /** The resource's id in events, stable for a path: API Gateway's is a short random id. */
  readonly resourceId: string;
}

function resourceIdOf(path: string): string {
  return createHash('sha256').update(path).digest('hex').slice(0, 6);
}

export class RouteTable {
  readonly #tree: ResourceTree<Route>;

  /** Throws, naming the route, when a route names a function or an authorizer that is not defined. */
  constructor(
    routes: readonly GatewayRoute[],
    functionNamed: (name: string, usedBy: string) => LambdaFunction,
    authorizers: ReadonlyMap<string, Authorizer>,
  ) {
    this.#tree = new ResourceTree<Route>(
      routes.map((config) => {
        const authorizer = config.authorizer === undefined ? undefined : authorizers.get(config.authorizer);
        if (config.authorizer !== undefined && authorizer === undefined) {
          throw new Error(
            `${config.method} ${config.path} names the authorizer ${config.authorizer}, which is not defined`,
          );
        }
        return {
          method: config.method,
          path: config.path,
          target: {
            config,
            fn: functionNamed(config.function, `${config.method} ${config.path}`),
            authorizer,
            resourceId: resourceIdOf(config.path),
          },
        };
      }),
    );
  }

  /** The route of this method and path, or the 403 answered and `undefined`. */
  match(exchange: Exchange, path: string): ResourceMatch<Route> | undefined {
    const match = this.#tree.match(exchange.method, path);
    if (match === undefined) {
      exchange.gatewayAnswer('MISSING_AUTHENTICATION_TOKEN', 'no route defines this method and path');
      return undefined;
    }
    exchange.facts.resource = match.resource;
    return match;
  }
}
