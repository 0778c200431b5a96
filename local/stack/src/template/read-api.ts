/**
 * The readers of the REST API's resources and of the functions behind it: the resource paths,
 * each method (a Lambda proxy integration, or a CORS preflight's mock), authorizer, stage and
 * gateway response, and each function. Each reads the properties it knows and stops, naming the
 * resource, at any other. One unit: the readers share the REST API's resource paths and the
 * rule that a method or an authorizer invokes one of the template's functions.
 */
import {
  type CfnResource,
  type ResourceRef,
  type TemplateAuthorizer,
  TemplateError,
  type TemplateFunction,
  type TemplateGatewayResponse,
  type TemplateMethod,
  type TemplatePreflight,
  type TemplateStage,
  type TemplateValue,
} from './template-model.js';
import {
  asObject,
  fail,
  getAttOf,
  literalOf,
  onlyKnown,
  optionalText,
  type Props,
  refOf,
  text,
  texts,
  whole,
} from './template-values.js';

/**
 * The path of each API Gateway resource, from its chain of parents up to the REST API's root.
 */
export function resourcePaths(resources: Readonly<Record<string, CfnResource>>, restApi: string): Map<string, string> {
  const paths = new Map<string, string>();
  const pathOf = (id: string, seen: Set<string>): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const resource = resources[id];
    const ref = { logicalId: id, type: resource?.Type ?? 'missing' };
    if (resource?.Type !== 'AWS::ApiGateway::Resource') fail(ref, 'a method or resource names it as its parent');
    if (seen.has(id)) fail(ref, 'its parents form a cycle');
    const props = resource.Properties ?? {};
    const part = text(ref, props, 'PathPart');
    const parent = props.ParentId;
    const parentPath =
      getAttOf(parent, 'RootResourceId') === restApi
        ? ''
        : refOf(parent) !== undefined
          ? pathOf(refOf(parent) as string, new Set([...seen, id]))
          : fail(ref, `ParentId ${JSON.stringify(parent)} is neither the API's root nor a resource`);
    const path = `${parentPath}/${part}`;
    paths.set(id, path);
    return path;
  };
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type === 'AWS::ApiGateway::Resource') pathOf(id, new Set());
  }
  return paths;
}

export function one(resources: readonly [string, CfnResource][], type: string): ResourceRef {
  const found = resources.filter(([, r]) => r.Type === type);
  if (found.length !== 1) {
    throw new TemplateError(
      `The template has ${found.length} ${type} resources (${found.map(([id]) => id).join(', ') || 'none'}); the local stack runs exactly one.`,
    );
  }
  return { logicalId: (found[0] as [string, CfnResource])[0], type };
}

export function readFunction(ref: ResourceRef, resource: CfnResource): TemplateFunction {
  const props = resource.Properties ?? {};
  onlyKnown(ref, props, [
    'Architectures',
    'Code',
    'Description',
    'Environment',
    'Handler',
    'LoggingConfig',
    'MemorySize',
    'Role',
    'Runtime',
    'Timeout',
    'TracingConfig',
    'ReservedConcurrentExecutions',
  ]);
  const assetPath = resource.Metadata?.['aws:asset:path'];
  if (typeof assetPath !== 'string') {
    fail(
      ref,
      'has no aws:asset:path metadata: synthesize with the context aws:cdk:enable-asset-metadata=true (the CLI sets it) so its code can be matched to a bundle',
    );
  }
  const variables = asObject(asObject(props.Environment)?.Variables) ?? {};
  return {
    ...ref,
    assetPath,
    handler: text(ref, props, 'Handler'),
    runtime: text(ref, props, 'Runtime'),
    memorySizeMb: whole(ref, props, 'MemorySize', 128),
    timeoutSeconds: whole(ref, props, 'Timeout', 3),
    architectures: props.Architectures === undefined ? ['x86_64'] : texts(ref, props, 'Architectures'),
    environment: variables,
    ...(props.ReservedConcurrentExecutions === undefined
      ? {}
      : { reservedConcurrency: whole(ref, props, 'ReservedConcurrentExecutions') }),
  };
}

/** The function an authorizer's or an integration's URI invokes: `...:lambda:path/2015-03-31/functions/<Arn>/invocations`. */
export function invokedFunction(ref: ResourceRef, uri: TemplateValue | undefined, what: string): string {
  const join = asObject(uri)?.['Fn::Join'];
  const parts = Array.isArray(join) && Array.isArray(join[1]) ? (join[1] as TemplateValue[]) : [];
  const functions = [
    ...new Set(parts.flatMap((part) => (getAttOf(part, 'Arn') !== undefined ? [getAttOf(part, 'Arn') as string] : []))),
  ];
  const literal = parts.filter((part) => typeof part === 'string').join('');
  if (functions.length !== 1 || !literal.includes(':lambda:path/2015-03-31/functions/')) {
    fail(ref, `${what} ${JSON.stringify(uri)} does not invoke one of the template's functions`);
  }
  return functions[0] as string;
}

export function readAuthorizer(ref: ResourceRef, props: Props): TemplateAuthorizer {
  const kind = text(ref, props, 'Type');
  const name = text(ref, props, 'Name');
  switch (kind) {
    case 'COGNITO_USER_POOLS': {
      onlyKnown(ref, props, [
        'IdentitySource',
        'Name',
        'ProviderARNs',
        'RestApiId',
        'Type',
        'AuthorizerResultTtlInSeconds',
      ]);
      const pools = Array.isArray(props.ProviderARNs) ? props.ProviderARNs.map((arn) => getAttOf(arn, 'Arn')) : [];
      if (pools.length === 0 || pools.some((pool) => pool === undefined)) {
        fail(ref, 'ProviderARNs must name the template’s user pool (Fn::GetAtt [pool, Arn])');
      }
      return { ...ref, kind, name, identitySource: text(ref, props, 'IdentitySource'), userPools: pools as string[] };
    }
    case 'TOKEN':
      onlyKnown(ref, props, [
        'AuthorizerResultTtlInSeconds',
        'AuthorizerUri',
        'IdentitySource',
        'IdentityValidationExpression',
        'Name',
        'RestApiId',
        'Type',
      ]);
      return {
        ...ref,
        kind,
        name,
        identitySource: text(ref, props, 'IdentitySource'),
        resultTtlSeconds: whole(ref, props, 'AuthorizerResultTtlInSeconds', 300),
        function: invokedFunction(ref, props.AuthorizerUri, 'AuthorizerUri'),
        ...(props.IdentityValidationExpression === undefined
          ? {}
          : { identityValidationExpression: text(ref, props, 'IdentityValidationExpression') }),
      };
    case 'REQUEST':
      onlyKnown(ref, props, [
        'AuthorizerResultTtlInSeconds',
        'AuthorizerUri',
        'IdentitySource',
        'Name',
        'RestApiId',
        'Type',
      ]);
      return {
        ...ref,
        kind,
        name,
        identitySources: (optionalText(ref, props, 'IdentitySource') ?? '')
          .split(',')
          .map((source) => source.trim())
          .filter(Boolean),
        resultTtlSeconds: whole(ref, props, 'AuthorizerResultTtlInSeconds', 300),
        function: invokedFunction(ref, props.AuthorizerUri, 'AuthorizerUri'),
      };
    default:
      return fail(ref, `Type ${kind} is not an authorizer the local gateway runs (COGNITO_USER_POOLS, TOKEN, REQUEST)`);
  }
}

/** The origins a preflight allows: the header's literal, and those its response template echoes. */
export function preflightOrigins(
  ref: ResourceRef,
  allowOrigin: string | undefined,
  templates: TemplateValue | undefined,
): string[] {
  const first = allowOrigin === undefined ? undefined : literalOf(allowOrigin);
  if (first === undefined)
    fail(ref, `Access-Control-Allow-Origin ${JSON.stringify(allowOrigin)} is not a literal origin`);
  const template = asObject(templates)?.['application/json'];
  const echoed =
    typeof template === 'string' ? [...template.matchAll(/\$origin == "([^"]+)"/g)].map((m) => m[1] as string) : [];
  return [first, ...echoed];
}

export function readPreflight(ref: ResourceRef, props: Props, path: string): TemplatePreflight {
  const integration = asObject(props.Integration) ?? {};
  const responses = Array.isArray(integration.IntegrationResponses) ? integration.IntegrationResponses : [];
  const response = asObject(responses[0]);
  if (responses.length !== 1 || response === undefined)
    fail(ref, 'a CORS preflight must have one integration response');
  const headers = asObject(response.ResponseParameters) ?? {};
  const header = (name: string) => {
    const value = headers[`method.response.header.${name}`];
    return typeof value === 'string' ? value : undefined;
  };
  const list = (name: string) =>
    (literalOf(header(name) ?? "''") ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean);
  return {
    ...ref,
    path,
    statusCode: whole(ref, response, 'StatusCode'),
    origins: preflightOrigins(ref, header('Access-Control-Allow-Origin'), response.ResponseTemplates),
    allowMethods: list('Access-Control-Allow-Methods'),
    allowHeaders: list('Access-Control-Allow-Headers'),
    maxAgeSeconds: Number(literalOf(header('Access-Control-Max-Age') ?? "'0'") ?? 0),
  };
}

export function readMethod(
  ref: ResourceRef,
  props: Props,
  paths: ReadonlyMap<string, string>,
  restApi: string,
): TemplateMethod | TemplatePreflight {
  const resourceId = props.ResourceId;
  const path =
    getAttOf(resourceId, 'RootResourceId') === restApi
      ? '/'
      : (paths.get(refOf(resourceId) ?? '') ??
        fail(ref, `ResourceId ${JSON.stringify(resourceId)} is no resource of the API`));
  const httpMethod = text(ref, props, 'HttpMethod');
  const integration = asObject(props.Integration) ?? fail(ref, 'has no integration');
  const integrationType = integration.Type;
  if (httpMethod === 'OPTIONS' && integrationType === 'MOCK') {
    onlyKnown(ref, props, [
      'ApiKeyRequired',
      'AuthorizationType',
      'HttpMethod',
      'Integration',
      'MethodResponses',
      'ResourceId',
      'RestApiId',
    ]);
    if (props.AuthorizationType !== 'NONE') fail(ref, 'a CORS preflight must not require authorization');
    return readPreflight(ref, props, path);
  }
  onlyKnown(ref, props, [
    'AuthorizationScopes',
    'AuthorizationType',
    'AuthorizerId',
    'HttpMethod',
    'Integration',
    'OperationName',
    'ResourceId',
    'RestApiId',
    'ApiKeyRequired',
  ]);
  if (props.ApiKeyRequired === true) fail(ref, 'requires an API key, which the local gateway does not check');
  if (integrationType !== 'AWS_PROXY' || integration.IntegrationHttpMethod !== 'POST') {
    fail(
      ref,
      `integration ${JSON.stringify(integrationType)} is not a Lambda proxy integration, the only one the local gateway runs`,
    );
  }
  const authorizationType = optionalText(ref, props, 'AuthorizationType') ?? 'NONE';
  const authorizer = refOf(props.AuthorizerId);
  if ((authorizationType === 'NONE') !== (authorizer === undefined)) {
    fail(
      ref,
      `AuthorizationType ${authorizationType} with ${authorizer === undefined ? 'no authorizer' : `authorizer ${authorizer}`}`,
    );
  }
  return {
    ...ref,
    httpMethod,
    path,
    authorizationType,
    ...(authorizer === undefined ? {} : { authorizer }),
    authorizationScopes: texts(ref, props, 'AuthorizationScopes'),
    function: invokedFunction(ref, integration.Uri, 'the integration’s Uri'),
  };
}

export function readStage(ref: ResourceRef, props: Props): TemplateStage {
  const settings = Array.isArray(props.MethodSettings) ? props.MethodSettings.map((s) => asObject(s) ?? {}) : [];
  const stageWide = settings.find((s) => s.ResourcePath === '/*' && s.HttpMethod === '*');
  const others = settings.filter(
    (s) => s !== stageWide && (s.ThrottlingRateLimit !== undefined || s.ThrottlingBurstLimit !== undefined),
  );
  if (others.length > 0) fail(ref, 'has per-method throttling, which the local gateway does not emulate');
  const throttling =
    stageWide?.ThrottlingRateLimit !== undefined && stageWide.ThrottlingBurstLimit !== undefined
      ? { rateLimit: Number(stageWide.ThrottlingRateLimit), burstLimit: Number(stageWide.ThrottlingBurstLimit) }
      : undefined;
  return { ...ref, name: text(ref, props, 'StageName'), ...(throttling === undefined ? {} : { throttling }) };
}

export function readGatewayResponse(ref: ResourceRef, props: Props): TemplateGatewayResponse {
  onlyKnown(ref, props, ['ResponseParameters', 'ResponseTemplates', 'ResponseType', 'RestApiId', 'StatusCode']);
  const parameters = asObject(props.ResponseParameters) ?? {};
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(parameters)) {
    const name = key.replace(/^gatewayresponse\.header\./, '');
    if (name === key || typeof value !== 'string') fail(ref, `response parameter ${key} is not a header mapping`);
    headers[name] = value;
  }
  return {
    ...ref,
    responseType: text(ref, props, 'ResponseType'),
    ...(props.StatusCode === undefined ? {} : { statusCode: String(props.StatusCode) }),
    headers,
    hasTemplates: props.ResponseTemplates !== undefined,
  };
}
