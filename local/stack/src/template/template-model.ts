/**
 * What the local stack takes from a synthesized CloudFormation template, in its own terms: the
 * REST API's stage, methods, authorizers, CORS preflights and gateway responses, the functions
 * behind them, the user pool's clients, groups and resource servers, and every resource it does
 * not emulate. Values the template leaves to deploy time (a `Ref` to the table, the pool's id, a
 * secret) stay as template values here; `local-environment.ts` replaces them with local ones.
 */

/** A CloudFormation value as the template holds it: a literal or an intrinsic function. */
export type TemplateValue =
  | string
  | number
  | boolean
  | null
  | readonly TemplateValue[]
  | { readonly [key: string]: TemplateValue };

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, TemplateValue>>;
  readonly Metadata?: Readonly<Record<string, TemplateValue>>;
}

export interface CfnTemplate {
  readonly Resources: Readonly<Record<string, CfnResource>>;
}

/** A resource as messages name it: `FunctionsNotesFunctionD761F7F8 (AWS::Lambda::Function)`. */
export interface ResourceRef {
  readonly logicalId: string;
  readonly type: string;
}

export function describeResource(resource: ResourceRef): string {
  return `${resource.logicalId} (${resource.type})`;
}

export interface TemplateFunction extends ResourceRef {
  /** The staged asset folder, as `aws:asset:path` names it: `asset.<hash>`. */
  readonly assetPath: string;
  readonly handler: string;
  readonly runtime: string;
  readonly memorySizeMb: number;
  readonly timeoutSeconds: number;
  readonly architectures: readonly string[];
  /** As the template states them, intrinsics included. */
  readonly environment: Readonly<Record<string, TemplateValue>>;
  readonly reservedConcurrency?: number;
}

export type TemplateAuthorizer = ResourceRef &
  (
    | {
        readonly kind: 'COGNITO_USER_POOLS';
        readonly name: string;
        readonly identitySource: string;
        /** The user pools it trusts, by logical id. */
        readonly userPools: readonly string[];
      }
    | {
        readonly kind: 'TOKEN';
        readonly name: string;
        readonly identitySource: string;
        readonly resultTtlSeconds: number;
        readonly function: string;
        readonly identityValidationExpression?: string;
      }
    | {
        readonly kind: 'REQUEST';
        readonly name: string;
        readonly identitySources: readonly string[];
        readonly resultTtlSeconds: number;
        readonly function: string;
      }
  );

/** A method with a Lambda proxy integration. */
export interface TemplateMethod extends ResourceRef {
  readonly httpMethod: string;
  /** The resource path template: `/notes/{noteId}`. */
  readonly path: string;
  readonly authorizationType: string;
  /** The authorizer's logical id; none for `NONE`. */
  readonly authorizer?: string;
  readonly authorizationScopes: readonly string[];
  /** The function the integration invokes, by logical id. */
  readonly function: string;
}

/** An OPTIONS method answered by a mock integration: a CORS preflight. */
export interface TemplatePreflight extends ResourceRef {
  readonly path: string;
  readonly statusCode: number;
  readonly origins: readonly string[];
  readonly allowMethods: readonly string[];
  readonly allowHeaders: readonly string[];
  readonly maxAgeSeconds: number;
}

export interface TemplateGatewayResponse extends ResourceRef {
  readonly responseType: string;
  readonly statusCode?: string;
  /** Header name → mapping expression: `'literal'` or `method.request.header.Origin`. */
  readonly headers: Readonly<Record<string, string>>;
  readonly hasTemplates: boolean;
}

export interface TemplateStage extends ResourceRef {
  readonly name: string;
  /** The stage-wide method settings' throttling (`/*` `*`), when set. */
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
}

export interface TemplateAppClient extends ResourceRef {
  readonly name: string;
  readonly generateSecret: boolean;
  readonly oauthFlows: readonly string[];
  readonly oauthScopes: readonly string[];
  readonly explicitAuthFlows: readonly string[];
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
  readonly supportedIdentityProviders: readonly string[];
  readonly enableTokenRevocation: boolean;
  readonly preventUserExistenceErrors: boolean;
  /** As the template states them (absent: Cognito's defaults). */
  readonly tokenValidity: {
    readonly accessToken?: number;
    readonly idToken?: number;
    readonly refreshToken?: number;
    readonly units?: Readonly<Record<string, string>>;
  };
}

export interface TemplateGroup extends ResourceRef {
  readonly name: string;
  readonly precedence?: number;
}

export interface TemplateResourceServer extends ResourceRef {
  readonly identifier: string;
  readonly scopes: readonly string[];
}

export interface TemplateUserPool extends ResourceRef {
  readonly clients: readonly TemplateAppClient[];
  readonly groups: readonly TemplateGroup[];
  readonly resourceServers: readonly TemplateResourceServer[];
}

/** A resource of the template the local stack does not run, and why. */
export interface NotEmulated extends ResourceRef {
  readonly why: string;
}

export interface TemplateApi {
  readonly restApi: ResourceRef;
  readonly stage: TemplateStage;
  readonly methods: readonly TemplateMethod[];
  readonly authorizers: readonly TemplateAuthorizer[];
  readonly functions: readonly TemplateFunction[];
  readonly preflights: readonly TemplatePreflight[];
  readonly gatewayResponses: readonly TemplateGatewayResponse[];
  readonly userPool: TemplateUserPool;
  /** The one table; `Ref` to it is its name. */
  readonly table: ResourceRef;
  readonly secrets: readonly ResourceRef[];
  /** The buckets; `Ref` to one a function names is the local S3's bucket. */
  readonly buckets: readonly ResourceRef[];
  readonly notEmulated: readonly NotEmulated[];
}

/** Raised when the template holds something the local stack cannot run as deployed; the message names the resource. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
}
