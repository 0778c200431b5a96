import {
  CORS_ALLOWED_HEADERS,
  CORS_ALLOWED_METHODS,
  CORS_EXPOSED_HEADERS,
  CORS_MAX_AGE_SECONDS,
  NOTES_ROUTES,
  type NotesRoute,
  resourcesOf,
} from '@secure-notes/http-api';
import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** How API Gateway authorizes a method: the tutorial's Part VI (Cognito) or Part VIII (a Lambda, TOKEN or REQUEST). */
export type NotesApiAuthorizer =
  | { readonly kind: 'cognito'; readonly userPool: cognito.IUserPool }
  | { readonly kind: 'token' | 'request'; readonly handler: lambda.IFunction };

/** The header every authorizer reads the token from (`Authorization: <jwt>` or `Bearer <jwt>`). */
export const TOKEN_HEADER = 'Authorization';
/** How long API Gateway keeps a Lambda authorizer's policy for a token (the tutorial's Part VIII). */
export const AUTHORIZER_CACHE_TTL = Duration.seconds(300);

/** The gateway's own answers that carry CORS headers, so that a browser can read them. */
export const CORS_GATEWAY_RESPONSES: readonly apigw.ResponseType[] = [
  apigw.ResponseType.UNAUTHORIZED,
  apigw.ResponseType.ACCESS_DENIED,
  apigw.ResponseType.DEFAULT_4XX,
  apigw.ResponseType.DEFAULT_5XX,
];

export interface NotesRestApiProps {
  /** The API Gateway stage, part of the invoke URL (the tutorial's `dev`). */
  readonly stageName: string;
  readonly notesFunction: lambda.IFunction;
  readonly authorizer: NotesApiAuthorizer;
  /**
   * Browser origins allowed to call the API; none means no preflight methods and no CORS headers.
   * The first is the one the gateway's own answers name (the web app's).
   */
  readonly corsOrigins: readonly string[];
  /** The routes to serve; the shared route table by default. */
  readonly routes?: readonly NotesRoute[];
  /** Requests per second, and the burst, across the stage. */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
  readonly logRemovalPolicy: RemovalPolicy;
}

/**
 * The tutorial's Part VI as code, with safer settings: a regional REST API whose resources and
 * methods come from the shared route table, every method behind the authorizer with a Lambda
 * proxy integration, CORS preflights (no authorizer: browsers send no token with them) for the
 * configured origins only, the gateway's own 4XX/5XX answers with CORS headers, JSON access
 * logs, execution logs at ERROR without request data, X-Ray, stage throttling and TLS 1.2+.
 */
export class NotesRestApi extends Construct {
  readonly api: apigw.RestApi;
  readonly accessLogGroup: logs.LogGroup;
  readonly authorizer: apigw.IAuthorizer;
  /** Every method built from the route table, by `METHOD /path`. */
  readonly methods: ReadonlyMap<string, apigw.Method>;

  constructor(scope: Construct, id: string, props: NotesRestApiProps) {
    super(scope, id);
    const routes = props.routes ?? NOTES_ROUTES;
    const throttling = props.throttling ?? { rateLimit: 50, burstLimit: 100 };

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.logRemovalPolicy,
    });

    this.api = new apigw.RestApi(this, 'RestApi', {
      restApiName: `NotesAPI-${props.stageName}`,
      description: 'Secure Notes API: the notes routes, each behind the authorizer',
      endpointTypes: [apigw.EndpointType.REGIONAL],
      // Access logs need API Gateway's account-level CloudWatch role (one per account and region);
      // it is kept when the stack goes, since other APIs in the account may rely on it.
      cloudWatchRole: true,
      deployOptions: {
        stageName: props.stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: ACCESS_LOG_FORMAT,
        // Errors only, and never request or response data: those hold tokens and note content.
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        tracingEnabled: true,
        throttlingRateLimit: throttling.rateLimit,
        throttlingBurstLimit: throttling.burstLimit,
      },
    });
    // The tutorial chose TLS_1_0 (Part VI, step 02); this API accepts TLS 1.2 and 1.3 only.
    (this.api.node.defaultChild as apigw.CfnRestApi).securityPolicy = 'TLS_1_2';
    // The stack states its own outputs (the invoke URL among them).
    this.api.node.tryRemoveChild('Endpoint');

    this.authorizer = this.createAuthorizer(props.authorizer);
    const integration = new apigw.LambdaIntegration(props.notesFunction, { proxy: true, allowTestInvoke: false });

    const methods = new Map<string, apigw.Method>();
    for (const route of routes) {
      const method = this.api.root.resourceForPath(route.path).addMethod(route.method, integration, {
        operationName: route.id,
        authorizer: this.authorizer,
        authorizationType: this.authorizer.authorizationType ?? apigw.AuthorizationType.CUSTOM,
      });
      methods.set(`${route.method} ${route.path}`, method);
    }
    this.methods = methods;

    if (props.corsOrigins.length > 0) this.addCors(props.corsOrigins, routes);
  }

  private createAuthorizer(authorizer: NotesApiAuthorizer): apigw.IAuthorizer {
    const identitySource = apigw.IdentitySource.header(TOKEN_HEADER);
    switch (authorizer.kind) {
      case 'cognito':
        // No OAuth scopes on the methods: the authorizer then takes ID tokens, as the tutorial sends.
        return new apigw.CognitoUserPoolsAuthorizer(this, 'CognitoAuthorizer', {
          authorizerName: 'CognitoAuth',
          cognitoUserPools: [authorizer.userPool],
          identitySource,
        });
      case 'token':
        return new apigw.TokenAuthorizer(this, 'TokenAuthorizer', {
          authorizerName: 'LambdaAuth',
          handler: authorizer.handler,
          identitySource,
          resultsCacheTtl: AUTHORIZER_CACHE_TTL,
        });
      case 'request':
        return new apigw.RequestAuthorizer(this, 'RequestAuthorizer', {
          authorizerName: 'LambdaAuth',
          handler: authorizer.handler,
          identitySources: [identitySource],
          resultsCacheTtl: AUTHORIZER_CACHE_TTL,
        });
    }
  }

  private addCors(origins: readonly string[], routes: readonly NotesRoute[]): void {
    for (const path of resourcesOf(routes).keys()) {
      this.api.root.resourceForPath(path).addCorsPreflight({
        allowOrigins: [...origins],
        allowMethods: [...CORS_ALLOWED_METHODS],
        allowHeaders: [...CORS_ALLOWED_HEADERS],
        maxAge: Duration.seconds(CORS_MAX_AGE_SECONDS),
        statusCode: 204,
      });
    }
    // A gateway response can only name one fixed origin or echo the request's `Origin`, and
    // echoing would let every origin read it, configured or not. So it names the first configured
    // origin only (the web app's); a browser on another configured origin reads the function's
    // answers, and sees the gateway's own as CORS failures.
    const allowOrigin = `'${origins[0]}'`;
    for (const type of CORS_GATEWAY_RESPONSES) {
      this.api.addGatewayResponse(`Cors${type.responseType}`, {
        type,
        responseHeaders: {
          'Access-Control-Allow-Origin': allowOrigin,
          'Access-Control-Expose-Headers': `'${CORS_EXPOSED_HEADERS.join(',')}'`,
          Vary: "'Origin'",
        },
      });
    }
  }
}

/** One JSON line per request: who, what, the outcome and the time spent; never a header or a body. */
const ACCESS_LOG_FORMAT = apigw.AccessLogFormat.custom(
  JSON.stringify({
    requestId: apigw.AccessLogField.contextRequestId(),
    extendedRequestId: apigw.AccessLogField.contextExtendedRequestId(),
    requestTime: apigw.AccessLogField.contextRequestTime(),
    ip: apigw.AccessLogField.contextIdentitySourceIp(),
    userAgent: apigw.AccessLogField.contextIdentityUserAgent(),
    httpMethod: apigw.AccessLogField.contextHttpMethod(),
    resourcePath: apigw.AccessLogField.contextResourcePath(),
    status: apigw.AccessLogField.contextStatus(),
    responseLength: apigw.AccessLogField.contextResponseLength(),
    responseLatency: apigw.AccessLogField.contextResponseLatency(),
    integrationLatency: apigw.AccessLogField.contextIntegrationLatency(),
    principalId: apigw.AccessLogField.contextAuthorizerPrincipalId(),
    sub: apigw.AccessLogField.contextAuthorizerClaims('sub'),
    authorizerError: apigw.AccessLogField.contextAuthorizerError(),
    errorType: apigw.AccessLogField.contextErrorResponseType(),
    errorMessage: apigw.AccessLogField.contextErrorMessage(),
    xrayTraceId: apigw.AccessLogField.contextXrayTraceId(),
  }),
);
