/**
 * Step 2 of the pipeline: an OPTIONS preflight on a defined resource, answered by the gateway
 * itself with the CORS headers (a mock integration on AWS, with no authorizer: a browser sends
 * no token with a preflight). There are preflights only with origins configured, as the
 * infrastructure deploys them; otherwise OPTIONS goes on like any method.
 */
import type { GatewayCors } from '../cors.js';
import { ResourceTree } from '../resource-tree.js';
import type { Exchange } from './exchange.js';

export class Preflights {
  readonly #tree: ResourceTree<string>;
  readonly #cors: GatewayCors;

  constructor(resourcePaths: Iterable<string>, cors: GatewayCors) {
    this.#cors = cors;
    this.#tree = new ResourceTree(
      [...new Set(resourcePaths)].map((path) => ({ method: 'OPTIONS', path, target: path })),
    );
  }

  /** Answers the request when it is a preflight on a defined resource; false otherwise. */
  answer(exchange: Exchange, path: string): boolean {
    if (exchange.method !== 'OPTIONS' || !this.#cors.enabled) return false;
    const resource = this.#tree.match('OPTIONS', path);
    if (resource === undefined) return false;
    exchange.res.writeHead(204, {
      'x-amzn-RequestId': exchange.requestId,
      ...this.#cors.preflightHeaders(exchange.req.headers.origin),
    });
    exchange.res.end();
    exchange.logAnswered(204, resource.resource, { resource: resource.resource });
    return true;
  }
}
