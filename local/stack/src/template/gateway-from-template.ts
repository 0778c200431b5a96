/**
 * Turns a read template into the local API Gateway's options: the stage, a route per method, an
 * authorizer per authorizer, a function per function (its bundle found through its asset), the
 * CORS preflights and the CORS headers of the gateway's own answers. What the local gateway runs
 * differently from the template, or not at all, is returned as `notEmulated`, each naming its
 * resource, for the start to print; what it cannot run as stated throws, naming the resource.
 * One unit: the routes, the authorizers, the functions and the CORS are checked against each
 * other (a route's authorizer type, the preflights covering every route's resource).
 */
import { existsSync } from 'node:fs';
import { arch } from 'node:os';
import { join } from 'node:path';
import { NOTES_ROUTES } from '@secure-notes/http-api';
import type { AuthorizerDefinition, GatewayRoute } from '@secure-notes/local-api-gateway';
import { expandPlaceholders, type LocalResources, localEnvironment } from './local-environment.js';
import {
  describeResource,
  type NotEmulated,
  type TemplateApi,
  TemplateError,
  type TemplateFunction,
} from './template-model.js';

/** A function as the local gateway runs it (its `LambdaFunctionConfig`). */
export interface LocalFunction {
  readonly name: string;
  readonly bundle: string;
  readonly handler: string;
  readonly timeoutSeconds: number;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
  /** The template's reserved concurrency, when it sets one. */
  readonly reservedConcurrency?: number;
}

export interface LocalCors {
  readonly origins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly exposeHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export interface GatewayFromTemplate {
  readonly stage: string;
  readonly routes: readonly GatewayRoute[];
  readonly authorizers: Readonly<Record<string, AuthorizerDefinition>>;
  readonly functions: readonly LocalFunction[];
  readonly cors?: LocalCors;
  /** The stage's throttling, for a gateway that enforces it. */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly notEmulated: readonly NotEmulated[];
}

export interface LocalSide {
  readonly repositoryRoot: string;
  /** Each function asset (`asset.<hash>`) → the bundle folder it copies, relative to the root (from the synth). */
  readonly assets: Readonly<Record<string, string>>;
  readonly resources: LocalResources;
  /** The user pool's issuer and key set, for the Cognito authorizer. */
  readonly issuer: string;
  readonly jwksUri: string;
  /** What the local stack adds to each function (LOCAL_ENVIRONMENT's variables only). */
  readonly additions: Readonly<Record<string, string | undefined>>;
}

const GATEWAY_METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY']);

/** The bundle file a function's handler names: `index.handler` → `<folder>/index.mjs` (or `.js`). */
function bundleOf(fn: TemplateFunction, side: LocalSide): { bundle: string; handler: string } {
  const folder = side.assets[fn.assetPath];
  if (folder === undefined) {
    throw new TemplateError(
      `${describeResource(fn)}: its code (${fn.assetPath}) is none of the local bundles: build them with \`pnpm build:lambdas\` and start again`,
    );
  }
  const dot = fn.handler.lastIndexOf('.');
  const file = fn.handler.slice(0, dot);
  const handler = fn.handler.slice(dot + 1);
  const candidates = ['.mjs', '.js', '.cjs'].map((extension) =>
    join(side.repositoryRoot, folder, `${file}${extension}`),
  );
  const bundle = candidates.find((candidate) => existsSync(candidate));
  if (dot <= 0 || bundle === undefined) {
    throw new TemplateError(`${describeResource(fn)}: its handler ${fn.handler} is no module of ${folder}`);
  }
  return { bundle, handler };
}

/** Lambda's name for this machine's architecture. */
function hostArchitecture(): string {
  return arch() === 'arm64' ? 'arm64' : arch() === 'x64' ? 'x86_64' : arch();
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, i) => item === b[i]);
}

/**
 * The gateway options of a read template, with the local values filled in.
 *
 * @example
 * const options = gatewayFromTemplate(readTemplate(template), { repositoryRoot, assets, resources, issuer, jwksUri, additions });
 */
export function gatewayFromTemplate(api: TemplateApi, side: LocalSide): GatewayFromTemplate {
  const notEmulated: NotEmulated[] = [...api.notEmulated];
  const nodeMajor = process.versions.node.split('.')[0];

  const functions = api.functions.map((fn): LocalFunction => {
    if (!fn.runtime.startsWith('nodejs')) {
      throw new TemplateError(
        `${describeResource(fn)}: runtime ${fn.runtime} is not Node.js, the only one the local gateway runs`,
      );
    }
    if (fn.runtime !== `nodejs${nodeMajor}.x`) {
      notEmulated.push({ ...fn, why: `runtime ${fn.runtime} runs on this machine’s Node.js ${process.versions.node}` });
    }
    const architectures = fn.architectures.filter((a) => a !== hostArchitecture());
    if (architectures.length > 0) {
      notEmulated.push({
        ...fn,
        why: `architecture ${architectures.join(', ')} runs on this machine’s ${hostArchitecture()}`,
      });
    }
    return {
      name: fn.logicalId,
      ...bundleOf(fn, side),
      timeoutSeconds: fn.timeoutSeconds,
      memorySizeMb: fn.memorySizeMb,
      environment: localEnvironment(fn, side.resources, side.additions, api.table.logicalId, api.userPool.logicalId),
      ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
    };
  });

  const authorizers: Record<string, AuthorizerDefinition> = {};
  for (const authorizer of api.authorizers) {
    switch (authorizer.kind) {
      case 'COGNITO_USER_POOLS':
        if (authorizer.userPools.some((pool) => pool !== api.userPool.logicalId)) {
          throw new TemplateError(
            `${describeResource(authorizer)}: it trusts a user pool other than ${api.userPool.logicalId}`,
          );
        }
        authorizers[authorizer.logicalId] = {
          type: 'COGNITO_USER_POOLS',
          issuer: side.issuer,
          jwksUri: side.jwksUri,
          identitySource: authorizer.identitySource,
        };
        break;
      case 'TOKEN':
        authorizers[authorizer.logicalId] = {
          type: 'TOKEN',
          function: authorizer.function,
          identitySource: authorizer.identitySource,
          resultTtlSeconds: authorizer.resultTtlSeconds,
          ...(authorizer.identityValidationExpression === undefined
            ? {}
            : { identityValidationExpression: authorizer.identityValidationExpression }),
        };
        break;
      case 'REQUEST':
        authorizers[authorizer.logicalId] = {
          type: 'REQUEST',
          function: authorizer.function,
          identitySources: authorizer.identitySources,
          resultTtlSeconds: authorizer.resultTtlSeconds,
        };
        break;
    }
  }

  const routes = api.methods.map((method): GatewayRoute => {
    if (!GATEWAY_METHODS.has(method.httpMethod)) {
      throw new TemplateError(
        `${describeResource(method)}: HTTP method ${method.httpMethod} is not one API Gateway serves`,
      );
    }
    const authorizer = api.authorizers.find((a) => a.logicalId === method.authorizer);
    const expectedType =
      authorizer === undefined ? 'NONE' : authorizer.kind === 'COGNITO_USER_POOLS' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
    if (method.authorizationType !== expectedType) {
      throw new TemplateError(
        `${describeResource(method)}: AuthorizationType ${method.authorizationType} does not match its authorizer (${expectedType} expected)`,
      );
    }
    if (method.authorizationScopes.length > 0 && authorizer?.kind !== 'COGNITO_USER_POOLS') {
      throw new TemplateError(`${describeResource(method)}: authorization scopes need the Cognito authorizer`);
    }
    return {
      method: method.httpMethod as GatewayRoute['method'],
      path: method.path,
      function: method.function,
      ...(method.authorizer === undefined ? {} : { authorizer: method.authorizer }),
      ...(method.authorizationScopes.length === 0 ? {} : { authorizationScopes: method.authorizationScopes }),
    };
  });

  checkContract(api);
  const cors = corsOf(api, side, routes, notEmulated);
  return {
    stage: api.stage.name,
    routes,
    authorizers,
    functions,
    ...(cors === undefined ? {} : { cors }),
    ...(api.stage.throttling === undefined ? {} : { throttling: api.stage.throttling }),
    notEmulated,
  };
}

/**
 * The template serves the HTTP contract (packages/http-api's route table): every route is one of
 * its methods, behind an authorizer (every route needs a token), and it serves nothing else.
 */
export function checkContract(api: TemplateApi): void {
  for (const method of api.methods) {
    if (!NOTES_ROUTES.some((route) => route.method === method.httpMethod && route.path === method.path)) {
      throw new TemplateError(
        `${describeResource(method)}: ${method.httpMethod} ${method.path} is no route of the HTTP contract (packages/http-api): add it there first`,
      );
    }
  }
  for (const route of NOTES_ROUTES) {
    const method = api.methods.find((m) => m.httpMethod === route.method && m.path === route.path);
    if (method === undefined) {
      throw new TemplateError(
        `${api.restApi.logicalId} (${api.restApi.type}): it has no method ${route.method} ${route.path} (${route.id}), a route of the HTTP contract`,
      );
    }
    if (method.authorizer === undefined || method.authorizationType === 'NONE') {
      throw new TemplateError(
        `${describeResource(method)}: ${route.method} ${route.path} has no authorizer, but every route of the HTTP contract needs a token`,
      );
    }
  }
}

/** Answers the local gateway gives with CORS headers: it adds them to every answer of its own. */
const CORS_HEADERS = new Set(['Access-Control-Allow-Origin', 'Access-Control-Expose-Headers', 'Vary']);

/**
 * The CORS the template deploys, as one configuration for every resource (the local gateway has
 * one): the preflights must agree with each other and cover every resource, and the gateway
 * responses carry the same origins.
 */
function corsOf(
  api: TemplateApi,
  side: LocalSide,
  routes: readonly GatewayRoute[],
  notEmulated: NotEmulated[],
): LocalCors | undefined {
  const expand = (value: string) => expandPlaceholders(value, side.resources.placeholders);
  const [first, ...others] = api.preflights;
  if (first === undefined) {
    for (const response of api.gatewayResponses) {
      notEmulated.push({
        ...response,
        why: 'a gateway response without CORS preflights: the local gateway adds no headers to its own answers',
      });
    }
    return undefined;
  }
  for (const other of others) {
    if (
      !sameList(other.origins, first.origins) ||
      !sameList(other.allowMethods, first.allowMethods) ||
      !sameList(other.allowHeaders, first.allowHeaders) ||
      other.maxAgeSeconds !== first.maxAgeSeconds ||
      other.statusCode !== first.statusCode
    ) {
      throw new TemplateError(
        `${describeResource(other)}: its CORS preflight (${other.path}) differs from ${first.logicalId}’s (${first.path}); the local gateway runs one CORS configuration`,
      );
    }
  }
  const covered = new Set(api.preflights.map((p) => p.path));
  const uncovered = [...new Set(routes.map((route) => route.path))].filter((path) => !covered.has(path));
  if (uncovered.length > 0) {
    throw new TemplateError(
      `${api.restApi.logicalId} (${api.restApi.type}): the resources ${uncovered.join(', ')} have no CORS preflight while others do; the local gateway answers preflights on every resource`,
    );
  }
  if (first.statusCode !== 204) {
    notEmulated.push({ ...first, why: `the preflights answer ${first.statusCode}; the local gateway answers 204` });
  }
  const origins = [...new Set(first.origins.flatMap(expand))];
  let exposeHeaders: string[] = [];
  for (const response of api.gatewayResponses) {
    const allowOrigin = response.headers['Access-Control-Allow-Origin'];
    const expose = response.headers['Access-Control-Expose-Headers'];
    if (expose !== undefined) exposeHeaders = (/^'(.*)'$/.exec(expose)?.[1] ?? '').split(',').filter(Boolean);
    const others = Object.keys(response.headers).filter((name) => !CORS_HEADERS.has(name));
    if (others.length > 0 || response.statusCode !== undefined || response.hasTemplates) {
      notEmulated.push({
        ...response,
        why: 'headers, status or templates other than CORS on the gateway’s own answers',
      });
    }
    if (allowOrigin === 'method.request.header.Origin') {
      notEmulated.push({
        ...response,
        why: `it echoes any request’s Origin on ${response.responseType} answers; the local gateway names only ${origins.join(', ')}`,
      });
    } else if (
      allowOrigin !== undefined &&
      !expand(/^'(.*)'$/.exec(allowOrigin)?.[1] ?? '').every((origin) => origins.includes(origin))
    ) {
      throw new TemplateError(
        `${describeResource(response)}: Access-Control-Allow-Origin ${allowOrigin} is not an origin of the preflights`,
      );
    }
  }
  return {
    origins,
    allowMethods: first.allowMethods,
    allowHeaders: first.allowHeaders,
    exposeHeaders,
    maxAgeSeconds: first.maxAgeSeconds,
  };
}
