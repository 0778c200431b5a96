/**
 * Reads a synthesized CloudFormation template into what the local stack runs (see
 * `template-model.ts`). Every resource is either read (the REST API and what hangs from it, the
 * functions, the user pool's parts, the table, the secret) or listed as not emulated with why;
 * a property the reader does not understand on a resource it reads stops it with a message
 * naming the resource, so that a change to the infrastructure never silently runs differently.
 */
import {
  type CfnResource,
  type CfnTemplate,
  describeResource,
  type NotEmulated,
  type ResourceRef,
  type TemplateApi,
  type TemplateAppClient,
  type TemplateAuthorizer,
  TemplateError,
  type TemplateFunction,
  type TemplateGatewayResponse,
  type TemplateMethod,
  type TemplatePreflight,
  type TemplateStage,
  type TemplateValue,
} from './template-model.js';

/** Resource types the local stack has no counterpart for, and why that does not change an answer. */
export const NOT_EMULATED_TYPES: Readonly<Record<string, string>> = {
  'AWS::CloudWatch::Alarm': 'alarms: no metrics are kept locally',
  'AWS::SNS::Topic': 'the alarm topic: no alarms locally',
  'AWS::SNS::TopicPolicy': 'the alarm topic: no alarms locally',
  'AWS::Logs::LogGroup': 'log groups: the functions and the gateway log to the stack’s logger',
  'AWS::IAM::Role': 'roles: the functions run with the local credentials, not a role’s policy',
  'AWS::IAM::Policy': 'role policies: the functions run with the local credentials, not a role’s policy',
  'AWS::Lambda::Permission': 'invoke permissions: the local gateway invokes its functions directly',
  'AWS::ApiGateway::Account': 'the account’s CloudWatch role for access logs: no CloudWatch locally',
  'AWS::ApiGateway::Deployment': 'deployments: the local gateway serves the template’s methods as they are',
  'AWS::Cognito::UserPoolDomain': 'the managed login domain: the local Cognito serves managed login on its own port',
  'AWS::Cognito::ManagedLoginBranding': 'managed login branding: the local Cognito has one page style',
  'AWS::WAFv2::WebACL': 'AWS WAF: no web ACL runs locally',
  'AWS::WAFv2::WebACLAssociation': 'AWS WAF: no web ACL runs locally',
  'AWS::CloudFront::Distribution': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::Function': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::CachePolicy': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::ResponseHeadersPolicy': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::OriginAccessControl': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': 'CloudFront: the local stack serves directly',
  'AWS::Lambda::LayerVersion': 'layers of deploy-time custom resources: nothing is deployed locally',
  'Custom::CDKBucketDeployment': 'a deploy-time copy into a bucket: nothing is deployed locally',
  'Custom::S3AutoDeleteObjects': 'a deploy-time clean-up of a bucket: nothing is deployed locally',
  'AWS::S3::Bucket': 'S3 buckets: none is emulated by the Lambda runtime',
  'AWS::S3::BucketPolicy': 'S3 buckets: none is emulated by the Lambda runtime',
};

/** Types the reader reads (or reads through another resource). */
const READ_TYPES = new Set([
  'AWS::ApiGateway::RestApi',
  'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::Method',
  'AWS::ApiGateway::Authorizer',
  'AWS::ApiGateway::GatewayResponse',
  'AWS::Lambda::Function',
  'AWS::Cognito::UserPool',
  'AWS::Cognito::UserPoolClient',
  'AWS::Cognito::UserPoolGroup',
  'AWS::Cognito::UserPoolResourceServer',
  'AWS::DynamoDB::Table',
  'AWS::SecretsManager::Secret',
]);

type Props = Readonly<Record<string, TemplateValue>>;

function fail(resource: ResourceRef, message: string): never {
  throw new TemplateError(`${describeResource(resource)}: ${message}`);
}

function asObject(value: TemplateValue | undefined): Record<string, TemplateValue> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, TemplateValue>)
    : undefined;
}

/** The logical id a `{ "Ref": id }` names. */
export function refOf(value: TemplateValue | undefined): string | undefined {
  const ref = asObject(value)?.Ref;
  return typeof ref === 'string' ? ref : undefined;
}

/** The logical id a `{ "Fn::GetAtt": [id, attr] }` names (for `attr`, when given). */
function getAttOf(value: TemplateValue | undefined, attribute?: string): string | undefined {
  const getAtt = asObject(value)?.['Fn::GetAtt'];
  if (!Array.isArray(getAtt) || typeof getAtt[0] !== 'string') return undefined;
  return attribute === undefined || getAtt[1] === attribute ? getAtt[0] : undefined;
}

/** Every logical id a value references (`Ref` and `Fn::GetAtt`), depth first. */
export function referencesIn(value: TemplateValue | undefined): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => referencesIn(item));
  const object = asObject(value);
  if (object === undefined) return [];
  const ref = refOf(object);
  if (ref !== undefined) return ref.startsWith('AWS::') ? [] : [ref];
  const att = getAttOf(object);
  if (att !== undefined) return [att];
  return Object.values(object).flatMap((item) => referencesIn(item));
}

function text(resource: ResourceRef, props: Props, key: string): string {
  const value = props[key];
  if (typeof value !== 'string') fail(resource, `${key} must be a literal string, not ${JSON.stringify(value)}`);
  return value;
}

function optionalText(resource: ResourceRef, props: Props, key: string): string | undefined {
  return props[key] === undefined ? undefined : text(resource, props, key);
}

function whole(resource: ResourceRef, props: Props, key: string, fallback?: number): number {
  const value = props[key] ?? fallback;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) {
    fail(resource, `${key} must be a whole number, not ${JSON.stringify(value)}`);
  }
  return number;
}

function texts(resource: ResourceRef, props: Props, key: string): string[] {
  const value = props[key];
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail(resource, `${key} must be a list of literal strings, not ${JSON.stringify(value)}`);
  }
  return [...(value as string[])];
}

/** Keeps only the keys a reader knows; any other property stops it, naming the resource. */
function onlyKnown(resource: ResourceRef, props: Props, known: readonly string[]): void {
  const unknown = Object.keys(props).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    fail(
      resource,
      `has ${unknown.join(', ')}, which the local stack does not emulate: teach local/stack/src/template/read-template.ts what it means locally, or list it as not emulated`,
    );
  }
}

/** A header value of a mapping expression: `'value'` → value. */
function literalOf(expression: string): string | undefined {
  const match = /^'(.*)'$/s.exec(expression);
  return match?.[1];
}

/**
 * The path of each API Gateway resource, from its chain of parents up to the REST API's root.
 */
function resourcePaths(resources: Readonly<Record<string, CfnResource>>, restApi: string): Map<string, string> {
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

function one(resources: readonly [string, CfnResource][], type: string): ResourceRef {
  const found = resources.filter(([, r]) => r.Type === type);
  if (found.length !== 1) {
    throw new TemplateError(
      `The template has ${found.length} ${type} resources (${found.map(([id]) => id).join(', ') || 'none'}); the local stack runs exactly one.`,
    );
  }
  return { logicalId: (found[0] as [string, CfnResource])[0], type };
}

function readFunction(ref: ResourceRef, resource: CfnResource): TemplateFunction {
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
function invokedFunction(ref: ResourceRef, uri: TemplateValue | undefined, what: string): string {
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

function readAuthorizer(ref: ResourceRef, props: Props): TemplateAuthorizer {
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
function preflightOrigins(
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

function readPreflight(ref: ResourceRef, props: Props, path: string): TemplatePreflight {
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

function readMethod(
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

function readStage(ref: ResourceRef, props: Props): TemplateStage {
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

function readGatewayResponse(ref: ResourceRef, props: Props): TemplateGatewayResponse {
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

function readClient(ref: ResourceRef, props: Props, resourceServers: ReadonlyMap<string, string>): TemplateAppClient {
  onlyKnown(ref, props, [
    'AccessTokenValidity',
    'AllowedOAuthFlows',
    'AllowedOAuthFlowsUserPoolClient',
    'AllowedOAuthScopes',
    'AuthSessionValidity',
    'CallbackURLs',
    'ClientName',
    'DefaultRedirectURI',
    'EnableTokenRevocation',
    'ExplicitAuthFlows',
    'GenerateSecret',
    'IdTokenValidity',
    'LogoutURLs',
    'PreventUserExistenceErrors',
    'RefreshTokenValidity',
    'SupportedIdentityProviders',
    'TokenValidityUnits',
    'UserPoolId',
  ]);
  // A resource server scope is `{ Fn::Join: ['', [{ Ref: server }, '/read']] }`: `Ref` is its identifier.
  const scopes = (Array.isArray(props.AllowedOAuthScopes) ? props.AllowedOAuthScopes : []).map((scope) => {
    if (typeof scope === 'string') return scope;
    const join = asObject(scope)?.['Fn::Join'];
    const parts = Array.isArray(join) && Array.isArray(join[1]) ? join[1] : [];
    return parts
      .map((part) =>
        typeof part === 'string'
          ? part
          : (resourceServers.get(refOf(part) ?? '') ??
            fail(ref, `scope ${JSON.stringify(scope)} names no resource server`)),
      )
      .join('');
  });
  const validity = (key: string) => (props[key] === undefined ? {} : { [key]: whole(ref, props, key) });
  return {
    ...ref,
    name: text(ref, props, 'ClientName'),
    generateSecret: props.GenerateSecret === true,
    oauthFlows: texts(ref, props, 'AllowedOAuthFlows'),
    oauthScopes: scopes,
    explicitAuthFlows: texts(ref, props, 'ExplicitAuthFlows'),
    callbackUrls: texts(ref, props, 'CallbackURLs'),
    logoutUrls: texts(ref, props, 'LogoutURLs'),
    supportedIdentityProviders: texts(ref, props, 'SupportedIdentityProviders'),
    enableTokenRevocation: props.EnableTokenRevocation !== false,
    preventUserExistenceErrors: props.PreventUserExistenceErrors === 'ENABLED',
    tokenValidity: {
      ...(props.AccessTokenValidity === undefined
        ? {}
        : { accessToken: validity('AccessTokenValidity').AccessTokenValidity }),
      ...(props.IdTokenValidity === undefined ? {} : { idToken: validity('IdTokenValidity').IdTokenValidity }),
      ...(props.RefreshTokenValidity === undefined
        ? {}
        : { refreshToken: validity('RefreshTokenValidity').RefreshTokenValidity }),
      ...(asObject(props.TokenValidityUnits) === undefined
        ? {}
        : { units: asObject(props.TokenValidityUnits) as Record<string, string> }),
    },
  };
}

/**
 * Reads the template of one Lambda-runtime stack.
 *
 * @example
 * const api = readTemplate(JSON.parse(readFileSync(templatePath, 'utf8')));
 * api.stage.name // 'dev'
 */
export function readTemplate(template: unknown): TemplateApi {
  const resourcesValue = asObject((template as { Resources?: TemplateValue } | null)?.Resources as TemplateValue);
  if (resourcesValue === undefined)
    throw new TemplateError('The template has no Resources: is it a CloudFormation template?');
  const resources = resourcesValue as unknown as CfnTemplate['Resources'];
  const entries = Object.entries(resources);
  const of = (type: string) =>
    entries.filter(([, r]) => r.Type === type).map(([logicalId, r]) => ({ ref: { logicalId, type }, resource: r }));

  const notEmulated: NotEmulated[] = [];
  for (const [logicalId, resource] of entries) {
    if (READ_TYPES.has(resource.Type)) continue;
    const why = NOT_EMULATED_TYPES[resource.Type];
    if (why === undefined) {
      throw new TemplateError(
        `${logicalId} (${resource.Type}) is a resource the local stack neither emulates nor knows to leave out: ` +
          'add what it means locally to local/stack/src/template/read-template.ts (NOT_EMULATED_TYPES, with why).',
      );
    }
    notEmulated.push({ logicalId, type: resource.Type, why });
  }

  const restApi = one(entries, 'AWS::ApiGateway::RestApi');
  const restApiProps = resources[restApi.logicalId]?.Properties ?? {};
  if (restApiProps.Policy !== undefined)
    notEmulated.push({ ...restApi, why: 'its resource policy is not evaluated locally' });
  const stageRef = one(entries, 'AWS::ApiGateway::Stage');
  const stage = readStage(stageRef, resources[stageRef.logicalId]?.Properties ?? {});
  const paths = resourcePaths(resources, restApi.logicalId);

  // The API's functions are those its methods and authorizers invoke; any other (a deploy-time
  // custom resource's handler) runs at deploy, not behind the API.
  const invoked = new Set(
    entries
      .filter(([, r]) => r.Type === 'AWS::ApiGateway::Method' || r.Type === 'AWS::ApiGateway::Authorizer')
      .flatMap(([, r]) => [...referencesIn(r.Properties?.Integration), ...referencesIn(r.Properties?.AuthorizerUri)]),
  );
  const functions = of('AWS::Lambda::Function').flatMap(({ ref, resource }) => {
    if (invoked.has(ref.logicalId)) return [readFunction(ref, resource)];
    notEmulated.push({ ...ref, why: 'a function no method or authorizer invokes (it runs at deploy, or elsewhere)' });
    return [];
  });
  const functionIds = new Set(functions.map((fn) => fn.logicalId));
  const authorizers = of('AWS::ApiGateway::Authorizer').map(({ ref, resource }) =>
    readAuthorizer(ref, resource.Properties ?? {}),
  );
  for (const authorizer of authorizers) {
    if ('function' in authorizer && !functionIds.has(authorizer.function)) {
      fail(authorizer, `invokes ${authorizer.function}, which is not a function of the template`);
    }
  }
  const methods: TemplateMethod[] = [];
  const preflights: TemplatePreflight[] = [];
  for (const { ref, resource } of of('AWS::ApiGateway::Method')) {
    const read = readMethod(ref, resource.Properties ?? {}, paths, restApi.logicalId);
    if ('function' in read) {
      if (!functionIds.has(read.function))
        fail(ref, `invokes ${read.function}, which is not a function of the template`);
      if (read.authorizer !== undefined && !authorizers.some((a) => a.logicalId === read.authorizer)) {
        fail(ref, `names authorizer ${read.authorizer}, which is not an authorizer of the template`);
      }
      methods.push(read);
    } else preflights.push(read);
  }
  const gatewayResponses = of('AWS::ApiGateway::GatewayResponse').map(({ ref, resource }) =>
    readGatewayResponse(ref, resource.Properties ?? {}),
  );

  const pool = one(entries, 'AWS::Cognito::UserPool');
  const resourceServers = of('AWS::Cognito::UserPoolResourceServer').map(({ ref, resource }) => {
    const props = resource.Properties ?? {};
    const scopes = Array.isArray(props.Scopes) ? props.Scopes.map((s) => String(asObject(s)?.ScopeName)) : [];
    return { ...ref, identifier: text(ref, props, 'Identifier'), scopes };
  });
  const serverIds = new Map(resourceServers.map((server) => [server.logicalId, server.identifier]));
  const clients = of('AWS::Cognito::UserPoolClient').map(({ ref, resource }) =>
    readClient(ref, resource.Properties ?? {}, serverIds),
  );
  const groups = of('AWS::Cognito::UserPoolGroup').map(({ ref, resource }) => {
    const props = resource.Properties ?? {};
    return {
      ...ref,
      name: text(ref, props, 'GroupName'),
      ...(props.Precedence === undefined ? {} : { precedence: whole(ref, props, 'Precedence') }),
    };
  });

  return {
    restApi,
    stage,
    methods,
    authorizers,
    functions,
    preflights,
    gatewayResponses,
    userPool: { ...pool, clients, groups, resourceServers },
    table: one(entries, 'AWS::DynamoDB::Table'),
    secrets: of('AWS::SecretsManager::Secret').map(({ ref }) => ref),
    notEmulated,
  };
}
