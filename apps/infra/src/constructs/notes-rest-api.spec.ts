import {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  NOTES_ROUTES,
  resourcesOf,
} from '@secure-notes/http-api';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveWith, SYNTH_TIMEOUT, synthesize, WEB_DOMAIN, webRefs } from '../testing/synth.js';

const twoOrigins = 'https://app.example.com,https://admin.example.com';
const cognito = synthesize('cognito', { corsOrigins: twoOrigins }).template;
const token = synthesize('token', { corsOrigins: 'https://app.example.com' }).template;
const request = synthesize('request').template;

type Resource = { Properties: Record<string, unknown>; DeletionPolicy?: string };

function logicalIdOf(template: Template, type: string, props: Record<string, unknown> = {}): string {
  const ids = Object.keys(template.findResources(type, { Properties: props }));
  expect(ids, `one ${type}`).toHaveLength(1);
  return ids[0]!;
}

/** Every method by `METHOD /path`, the path rebuilt from the API Gateway resources' parents. */
function methodsOf(template: Template): Map<string, Record<string, unknown>> {
  const resources = template.findResources('AWS::ApiGateway::Resource') as Record<string, Resource>;
  const pathOf = (ref: unknown): string => {
    const id = (ref as { Ref?: string }).Ref;
    if (id === undefined) return ''; // the root resource (Fn::GetAtt RootResourceId)
    const resource = resources[id]!.Properties;
    return `${pathOf(resource.ParentId)}/${resource.PathPart as string}`;
  };
  const methods = new Map<string, Record<string, unknown>>();
  for (const method of Object.values(template.findResources('AWS::ApiGateway::Method') as Record<string, Resource>)) {
    methods.set(
      `${method.Properties.HttpMethod as string} ${pathOf(method.Properties.ResourceId) || '/'}`,
      method.Properties,
    );
  }
  return methods;
}

const routeKeys = NOTES_ROUTES.map((route) => `${route.method} ${route.path}`);
const preflightKeys = [...resourcesOf().keys()].map((path) => `OPTIONS ${path}`);

function notesFunctionArn(template: Template) {
  return {
    'Fn::GetAtt': [
      logicalIdOf(template, 'AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'secure-notes-api' }) },
      }),
      'Arn',
    ],
  };
}

describe('NotesRestApi', { timeout: SYNTH_TIMEOUT }, () => {
  it('is a regional REST API that accepts TLS 1.2 and newer only', () => {
    cognito.hasResourceProperties('AWS::ApiGateway::RestApi', {
      Name: 'NotesAPI-dev',
      EndpointConfiguration: { Types: ['REGIONAL'] },
      SecurityPolicy: 'TLS_1_2',
    });
  });

  it('has exactly the methods of the shared route table, and a preflight on each of their paths', () => {
    expect(new Set(methodsOf(cognito).keys())).toEqual(new Set([...routeKeys, ...preflightKeys]));
  });

  for (const [mode, template] of [
    ['cognito', cognito],
    ['token', token],
    ['request', request],
  ] as [string, Template][]) {
    it(`sends every route to the notes function through a Lambda proxy integration (${mode})`, () => {
      const methods = methodsOf(template);
      for (const route of NOTES_ROUTES) {
        const method = methods.get(`${route.method} ${route.path}`);
        expect(method?.OperationName, `${route.method} ${route.path}`).toBe(route.id);
        expect(method?.Integration, `${route.method} ${route.path}`).toMatchObject({
          Type: 'AWS_PROXY',
          IntegrationHttpMethod: 'POST',
        });
        expect(JSON.stringify(method?.Integration), `${route.method} ${route.path}`).toContain(
          JSON.stringify(notesFunctionArn(template)),
        );
      }
    });

    it(`puts the authorizer on every method but the OPTIONS preflights (${mode})`, () => {
      const authorizer = { Ref: logicalIdOf(template, 'AWS::ApiGateway::Authorizer') };
      const type = mode === 'cognito' ? 'COGNITO_USER_POOLS' : 'CUSTOM';
      for (const [key, method] of methodsOf(template)) {
        if (key.startsWith('OPTIONS ')) {
          expect(method.AuthorizationType, key).toBe('NONE');
          expect(method.AuthorizerId, key).toBeUndefined();
        } else {
          expect(method.AuthorizationType, key).toBe(type);
          expect(method.AuthorizerId, key).toEqual(authorizer);
          expect(method.AuthorizationScopes, `${key}: no scopes, so ID tokens are accepted`).toBeUndefined();
        }
      }
    });
  }

  it("uses the Cognito authorizer on the pool's tokens from the Authorization header (the tutorial's Part VI)", () => {
    cognito.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      Name: 'CognitoAuth',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [logicalIdOf(cognito, 'AWS::Cognito::UserPool'), 'Arn'] }],
    });
  });

  for (const [type, template] of [
    ['TOKEN', token],
    ['REQUEST', request],
  ] as [string, Template][]) {
    it(`uses the ${type} Lambda authorizer on the Authorization header, its policy cached 300 s (the tutorial's Part VIII)`, () => {
      const authorizerFunction = logicalIdOf(template, 'AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ POWERTOOLS_SERVICE_NAME: 'secure-notes-authorizer' }) },
      });
      template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
        Type: type,
        Name: 'LambdaAuth',
        IdentitySource: 'method.request.header.Authorization',
        AuthorizerResultTtlInSeconds: 300,
        AuthorizerUri: { 'Fn::Join': ['', Match.arrayWith([{ 'Fn::GetAtt': [authorizerFunction, 'Arn'] }])] },
      });
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'apigateway.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [authorizerFunction, 'Arn'] },
        SourceArn: {
          'Fn::Join': [
            '',
            Match.arrayWith([`/authorizers/`, { Ref: logicalIdOf(template, 'AWS::ApiGateway::Authorizer') }]),
          ],
        },
      });
    });
  }

  it('lets API Gateway invoke the notes function for each route only, on its own method and path', () => {
    const permissions = Object.values(
      cognito.findResources('AWS::Lambda::Permission', { Properties: { FunctionName: notesFunctionArn(cognito) } }),
    ) as Resource[];
    const scopes = permissions.map((p) => {
      const parts = (p.Properties.SourceArn as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
      return parts[parts.length - 1];
    });
    expect(new Set(scopes)).toEqual(
      new Set(NOTES_ROUTES.map((route) => `/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`)),
    );
  });

  it('answers preflights for the configured origins with the headers api.md lists', () => {
    for (const [key, method] of methodsOf(cognito)) {
      if (!key.startsWith('OPTIONS ')) continue;
      expect(resolveWith(method, webRefs(cognito)), key).toMatchObject({
        Integration: {
          Type: 'MOCK',
          IntegrationResponses: [
            {
              StatusCode: '204',
              ResponseParameters: {
                'method.response.header.Access-Control-Allow-Headers': `'${CORS_ALLOWED_HEADERS.join(',')}'`,
                'method.response.header.Access-Control-Allow-Methods': `'${CORS_ALLOWED_METHODS.join(',')}'`,
                'method.response.header.Access-Control-Allow-Origin': `'https://${WEB_DOMAIN}'`,
                'method.response.header.Vary': "'Origin'",
                'method.response.header.Access-Control-Max-Age': "'600'",
              },
            },
          ],
        },
      });
      // The configured origins (after the web app's) are echoed only when they are the request's.
      const template = JSON.stringify(resolveWith(method.Integration, webRefs(cognito)));
      expect(template).toContain('$origin == \\"https://app.example.com\\"');
      expect(template).toContain('$origin == \\"https://admin.example.com\\"');
    }
  });

  it("answers preflights from the web app's origin alone when no other origin is configured", () => {
    const preflights = [...methodsOf(request)].filter(([key]) => key.startsWith('OPTIONS '));
    expect(preflights.map(([key]) => key).sort()).toEqual([...preflightKeys].sort());
    for (const [key, method] of preflights) {
      expect(resolveWith(method.Integration, webRefs(request)), key).toMatchObject({
        IntegrationResponses: [
          {
            ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': `'https://${WEB_DOMAIN}'` },
          },
        ],
      });
    }
  });

  it("adds CORS headers naming exactly one origin, the web app's, to the gateway's own 401, 403, 4XX and 5XX answers", () => {
    const expose = `'${CORS_EXPOSED_HEADERS.join(',')}'`;
    // The web app's origin alone, or first among several: echoing the request's Origin would let
    // any origin read the gateway's answers.
    for (const template of [request, token, cognito]) {
      const responses = (Object.values(template.findResources('AWS::ApiGateway::GatewayResponse')) as Resource[]).map(
        (response) => resolveWith(response, webRefs(template)) as Resource,
      );
      expect(new Set(responses.map((r) => r.Properties.ResponseType))).toEqual(
        new Set(['UNAUTHORIZED', 'ACCESS_DENIED', 'DEFAULT_4XX', 'DEFAULT_5XX']),
      );
      for (const response of responses) {
        expect(response.Properties).toEqual({
          RestApiId: { Ref: logicalIdOf(template, 'AWS::ApiGateway::RestApi') },
          ResponseType: response.Properties.ResponseType,
          ResponseParameters: {
            'gatewayresponse.header.Access-Control-Allow-Origin': `'https://${WEB_DOMAIN}'`,
            'gatewayresponse.header.Access-Control-Expose-Headers': expose,
            'gatewayresponse.header.Vary': "'Origin'",
          },
        });
      }
    }
  });

  it("deploys to the stage named by the stage parameter (the tutorial's dev)", () => {
    cognito.hasResourceProperties('AWS::ApiGateway::Stage', { StageName: 'dev' });
    synthesize('cognito', { stage: 'staging' }).template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'staging',
    });
  });

  it('throttles the stage, traces it, and logs errors only, never request or response data', () => {
    cognito.hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: true,
      MethodSettings: [
        {
          HttpMethod: '*',
          ResourcePath: '/*',
          LoggingLevel: 'ERROR',
          DataTraceEnabled: false,
          ThrottlingRateLimit: 50,
          ThrottlingBurstLimit: 100,
        },
      ],
    });
  });

  it('writes one JSON access log line per request to a log group with a retention, with no header or body', () => {
    const stage = Object.values(cognito.findResources('AWS::ApiGateway::Stage'))[0] as Resource;
    const setting = stage.Properties.AccessLogSetting as {
      DestinationArn: { 'Fn::Join': [string, unknown[]] };
      Format: string;
    };
    const logGroup = setting.DestinationArn['Fn::Join'][1].find(
      (part) => (part as { Ref?: string }).Ref?.startsWith('AWS::') === false,
    ) as { Ref: string };
    expect(cognito.findResources('AWS::Logs::LogGroup')[logGroup.Ref]).toMatchObject({
      Properties: { RetentionInDays: 30 },
      DeletionPolicy: 'Delete',
    });
    const line = JSON.parse(setting.Format) as Record<string, string>;
    expect(line).toMatchObject({
      requestId: '$context.requestId',
      httpMethod: '$context.httpMethod',
      resourcePath: '$context.resourcePath',
      status: '$context.status',
      ip: '$context.identity.sourceIp',
    });
    expect(Object.values(line).filter((value) => /header|body|input/i.test(value))).toEqual([]);
  });

  it("sets API Gateway's account-level CloudWatch role that access logs need, and keeps it when the stack goes", () => {
    const role = logicalIdOf(cognito, 'AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })],
      }),
    });
    cognito.hasResource('AWS::ApiGateway::Account', {
      Properties: { CloudWatchRoleArn: { 'Fn::GetAtt': [role, 'Arn'] } },
      DeletionPolicy: 'Retain',
    });
  });
});
