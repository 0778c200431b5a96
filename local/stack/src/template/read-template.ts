/**
 * Reads a synthesized CloudFormation template into what the local stack runs (see
 * `template-model.ts`). Every resource is either read (the REST API and what hangs from it, the
 * functions, the user pool's parts, the table, the secret) or listed as not emulated with why;
 * a property the reader does not understand on a resource it reads stops it with a message
 * naming the resource, so that a change to the infrastructure never silently runs differently.
 */

import { WEB_APP_HOST_PLACEHOLDER } from './local-context.js';
import {
  one,
  readAuthorizer,
  readFunction,
  readGatewayResponse,
  readMethod,
  readStage,
  resourcePaths,
} from './read-api.js';
import { readClient } from './read-client.js';
import {
  type CfnTemplate,
  type NotEmulated,
  type TemplateApi,
  TemplateError,
  type TemplateMethod,
  type TemplatePreflight,
  type TemplateValue,
} from './template-model.js';
import { asObject, fail, getAttOf, referencesIn, text, whole } from './template-values.js';

/**
 * The template with each CloudFront distribution's domain replaced by WEB_APP_HOST_PLACEHOLDER
 * (the local stack serves the web app itself), and every `Fn::Join` whose parts are then all
 * literal joined: the readers then see the web app's origin as the literal it is locally.
 */
export function withLocalWebApp(template: CfnTemplate): CfnTemplate {
  const distributions = new Set(
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === 'AWS::CloudFront::Distribution')
      .map(([id]) => id),
  );
  const map = (value: TemplateValue): TemplateValue => {
    if (Array.isArray(value)) return value.map(map);
    const object = asObject(value);
    if (object === undefined) return value;
    const distribution = getAttOf(object, 'DomainName');
    if (distribution !== undefined && distributions.has(distribution)) return WEB_APP_HOST_PLACEHOLDER;
    const mapped = Object.fromEntries(Object.entries(object).map(([key, item]) => [key, map(item)]));
    const join = mapped['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      const parts = join[1] as TemplateValue[];
      if (parts.every((part) => typeof part === 'string')) return parts.join(join[0]);
    }
    return mapped;
  };
  if (distributions.size === 0) return template;
  return {
    Resources: Object.fromEntries(
      Object.entries(template.Resources).map(([id, resource]) => [
        id,
        {
          ...resource,
          ...(resource.Properties === undefined
            ? {}
            : { Properties: map(resource.Properties as TemplateValue) as Record<string, TemplateValue> }),
        },
      ]),
    ),
  };
}

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
  'AWS::WAFv2::WebACL':
    'AWS WAF: not read; the local gateway enforces the rate rule by source address with the contract’s ADDRESS_RATE_LIMIT, the value deployed',
  'AWS::WAFv2::WebACLAssociation': 'AWS WAF: the web ACL’s association with the stage',
  'AWS::CloudFront::Distribution': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::Function': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::CachePolicy': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::ResponseHeadersPolicy': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::OriginAccessControl': 'CloudFront: the local stack serves directly',
  'AWS::CloudFront::CloudFrontOriginAccessIdentity': 'CloudFront: the local stack serves directly',
  'AWS::Lambda::LayerVersion': 'layers of deploy-time custom resources: nothing is deployed locally',
  'Custom::CDKBucketDeployment': 'a deploy-time copy into a bucket: nothing is deployed locally',
  'Custom::S3AutoDeleteObjects': 'a deploy-time clean-up of a bucket: nothing is deployed locally',
  'AWS::S3::Bucket': 'a bucket: the local S3 stands in for the one the functions name (the attachments), no other',
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
  const resources = withLocalWebApp({ Resources: resourcesValue as unknown as CfnTemplate['Resources'] }).Resources;
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
    buckets: of('AWS::S3::Bucket').map(({ ref }) => ref),
    notEmulated,
  };
}
