/**
 * A function's environment (or the Express container's, see `container-from-template.ts`) as
 * the local stack runs it: the template's variables, with each
 * reference to a resource the local stack provides (the table, the user pool and its clients,
 * the secret) replaced by the local value under the same name, and placeholders the local stack
 * synthesized with replaced by the addresses bound at start; plus exactly the variables of
 * LOCAL_ENVIRONMENT, the one list of what the local stack adds (README: "What the local stack
 * adds to the functions"). Anything else the template states that has no local value stops the
 * start with a message naming the function and the variable.
 */

import { type ResourceRef, TemplateError, type TemplateFunction, type TemplateValue } from './template-model.js';
import { refOf } from './template-values.js';

/** Who gets a variable: every function (and the container), or only those whose template environment names `when`. */
export interface LocalVariable {
  readonly name: string;
  /** Added only to functions whose template environment has this variable (e.g. the pool's id). */
  readonly when?: string;
  readonly why: string;
}

/**
 * What the local stack adds to (or sets over) a function's template environment, and why. This
 * list and the README's table say the same; a test holds them together.
 */
export const LOCAL_ENVIRONMENT: readonly LocalVariable[] = Object.freeze([
  {
    name: 'AWS_ENDPOINT_URL_DYNAMODB',
    when: 'NOTES_TABLE',
    why: 'the DynamoDB emulator’s endpoint, which SDK v3 reads (absent with a real table)',
  },
  {
    name: 'DYNAMODB_ENDPOINT',
    when: 'NOTES_TABLE',
    why: 'the same endpoint, under the name the notes function’s configuration reads',
  },
  {
    name: 'COGNITO_ISSUER',
    when: 'COGNITO_USER_POOL_ID',
    why: 'the local Cognito’s issuer (on AWS it follows from the pool id and the region)',
  },
  {
    name: 'COGNITO_JWKS_URI',
    when: 'COGNITO_USER_POOL_ID',
    why: 'the local Cognito’s key set (on AWS it follows from the issuer)',
  },
  {
    name: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
    when: 'NOTES_CURSOR_SECRET_ID',
    why: 'the local stack’s Secrets Manager stand-in, which answers GetSecretValue for the page-token secret (its local ARN is what `Ref` to the secret gives)',
  },
  {
    name: 'AWS_ENDPOINT_URL_S3',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local S3 that holds the attachments bucket (SDK v3 reads this variable)',
  },
  {
    name: 'ATTACHMENT_MAX_BYTES',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENTS_PER_NOTE',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENT_QUOTA_BYTES',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENT_CONTENT_TYPES',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENT_UPLOAD_EXPIRES_SECONDS',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENT_DOWNLOAD_EXPIRES_SECONDS',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'ATTACHMENT_PENDING_GRACE_SECONDS',
    when: 'ATTACHMENTS_BUCKET',
    why: 'the local stack’s attachment settings (tests shorten them; the deployment keeps the function’s defaults)',
  },
  {
    name: 'AWS_ACCESS_KEY_ID',
    why: 'credentials: the environment’s for a real table, the emulator’s stand-ins otherwise (a role’s on AWS)',
  },
  { name: 'AWS_SECRET_ACCESS_KEY', why: 'as AWS_ACCESS_KEY_ID' },
  { name: 'AWS_SESSION_TOKEN', why: 'as AWS_ACCESS_KEY_ID' },
  {
    name: 'LOG_LEVEL',
    when: 'LOG_LEVEL',
    why: 'the stack’s LOG_LEVEL, so that the functions’ lines follow `npm start`’s (the template’s is the logLevel context)',
  },
  {
    name: 'STORAGE_BUDGET_MS',
    when: 'NOTES_TABLE',
    why: 'the stack’s STORAGE_BUDGET_MS: how long storage may take (the fault suites shorten it)',
  },
  {
    name: 'BODY_LIMIT_BYTES',
    when: 'NOTES_TABLE',
    why: 'the stack’s BODY_LIMIT_BYTES: the largest body the notes function takes',
  },
  {
    name: 'COGNITO_JWKS_FETCH_TIMEOUT_MS',
    when: 'COGNITO_USER_POOL_ID',
    why: 'the stack’s COGNITO_JWKS_FETCH_TIMEOUT_MS, when set: how long the authorizer waits for the key set',
  },
  // The Express server's, from the container's task definition (the one environment with PORT).
  { name: 'PORT', when: 'PORT', why: 'the stack’s PORT: the API’s port on this machine (0 picks a free one)' },
  { name: 'HOST', when: 'PORT', why: 'the stack’s HOST: the address every local service binds to' },
  {
    name: 'NOTES_STORE',
    when: 'PORT',
    why: 'the stack’s NOTES_STORE: `memory` keeps notes in no table (the emulator and your table are both `dynamodb` to the server)',
  },
  {
    name: 'TRUST_PROXY',
    when: 'PORT',
    why: 'no load balancer stands in front locally: 0, or the stack’s TRUST_PROXY (the template’s counts the load balancer)',
  },
  {
    name: 'CORS_ORIGINS',
    when: 'CORS_ORIGINS',
    why: 'the template’s (the web app’s origin, filled locally) followed by the stack’s CORS_ORIGINS, as the `corsOrigins` context would add them',
  },
  {
    name: 'RATE_LIMIT_PER_MINUTE',
    when: 'PORT',
    why: 'the stack’s RATE_LIMIT_PER_MINUTE: one developer’s scripts and the suites send more than a person (6000 by default)',
  },
  {
    name: 'RATE_LIMIT_PER_ADDRESS_PER_MINUTE',
    when: 'PORT',
    why: 'the stack’s RATE_LIMIT_PER_ADDRESS_PER_MINUTE (12000 by default), as RATE_LIMIT_PER_MINUTE',
  },
  {
    name: 'SHUTDOWN_TIMEOUT_MS',
    when: 'PORT',
    why: 'the stack’s SHUTDOWN_TIMEOUT_MS: how long a stop waits for requests in flight (5000 ms by default)',
  },
]);

/** The local stack's values for the template's resources. */
export interface LocalResources {
  /** `Ref` to the table. */
  readonly tableName: string;
  /** `Ref` to the user pool. */
  readonly userPoolId: string;
  /** `Ref` to each app client, by its logical id (those the local Cognito has a counterpart of). */
  readonly clientIds: Readonly<Record<string, string>>;
  /** With a real pool: the accepted client ids, for a list of the template's clients (`Fn::Join [',', [Ref client, ...]]`). */
  readonly clientList?: readonly string[];
  /** The template's app clients, by logical id: a list of them leaves out those without a local id. */
  readonly templateClients?: ReadonlySet<string>;
  /** A `{{resolve:secretsmanager:<Ref>:SecretString:::}}` dynamic reference, by the secret's logical id. */
  readonly secrets: Readonly<Record<string, string>>;
  /** `Ref` to a secret (its ARN): the local ARN the Secrets Manager stand-in answers for. */
  readonly secretArns?: Readonly<Record<string, string>>;
  /** `Ref` to `AWS::Region` (the container's AWS_REGION): the local stack's region. */
  readonly region?: string;
  /** `Ref` to a bucket a function names (the attachments'): the local S3's bucket. */
  readonly bucketName?: string;
  /** The template's buckets, by logical id. */
  readonly buckets?: readonly string[];
  /**
   * A literal the local stack synthesized with, or read a deploy-time value as, → its values now
   * (the API's origin once its port is bound; the origins the web app is served on locally).
   */
  readonly placeholders: Readonly<Record<string, readonly string[]>>;
}

function fail(fn: ResourceRef, variable: string, message: string): never {
  throw new TemplateError(`${fn.logicalId} (${fn.type}): environment variable ${variable} ${message}`);
}

/** Replaces each placeholder in a literal; one with several values gives them comma-separated (a list variable). */
export function fillPlaceholders(value: string, placeholders: Readonly<Record<string, readonly string[]>>): string {
  let out = value;
  for (const [placeholder, local] of Object.entries(placeholders)) out = out.split(placeholder).join(local.join(','));
  return out;
}

/** A literal once per value of the placeholder it holds (an origin, a URL): for lists of them. */
export function expandPlaceholders(value: string, placeholders: Readonly<Record<string, readonly string[]>>): string[] {
  const found = Object.entries(placeholders).find(([placeholder]) => value.includes(placeholder));
  if (found === undefined) return [value];
  const [placeholder, locals] = found;
  return locals.flatMap((local) => expandPlaceholders(value.split(placeholder).join(local), placeholders));
}

/** A template value with its references resolved to local values, or an error naming what has none. */
function localValue(
  fn: ResourceRef,
  variable: string,
  value: TemplateValue,
  refs: ReadonlyMap<string, string>,
  resources: LocalResources,
): string {
  if (typeof value === 'string') return fillPlaceholders(value, resources.placeholders);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const ref = refOf(value);
  if (ref !== undefined) {
    const local = refs.get(ref);
    if (local === undefined) fail(fn, variable, `refers to ${ref}, a resource the local stack has no value for`);
    return local;
  }
  const join =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Readonly<Record<string, TemplateValue>>)['Fn::Join']
      : undefined;
  if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
    const parts = join[1];
    // A secret's value, as CDK writes `secretValue` into the template: a dynamic reference resolved at deploy.
    const secret = refOf(parts[1]);
    if (
      parts.length === 3 &&
      join[0] === '' &&
      parts[0] === '{{resolve:secretsmanager:' &&
      parts[2] === ':SecretString:::}}' &&
      secret !== undefined
    ) {
      const local = resources.secrets[secret];
      if (local === undefined) fail(fn, variable, `resolves secret ${secret}, which the local stack has no value for`);
      return local;
    }
    // A list of the pool's app clients (COGNITO_CLIENT_IDS): the local ones, or a real pool's.
    const clients = resources.templateClients;
    if (
      join[0] === ',' &&
      clients !== undefined &&
      parts.length > 0 &&
      parts.every((part) => clients.has(refOf(part) ?? ''))
    ) {
      if (resources.clientList !== undefined) return resources.clientList.join(',');
      return parts.flatMap((part) => refs.get(refOf(part) ?? '') ?? []).join(',');
    }
    return parts.map((part) => localValue(fn, variable, part, refs, resources)).join(join[0]);
  }
  return fail(fn, variable, `is ${JSON.stringify(value)}, which the local stack cannot resolve`);
}

/**
 * The environment `fn` runs with locally: the template's, resolved, with `additions` on top.
 * `additions` may hold only LOCAL_ENVIRONMENT's variables (and each only where its `when` holds).
 *
 * @example
 * localEnvironment(fn, resources, { COGNITO_ISSUER: cognito.issuer, COGNITO_JWKS_URI: cognito.jwksUri })
 */
export function localEnvironment(
  fn: ResourceRef & Pick<TemplateFunction, 'environment'>,
  resources: LocalResources,
  additions: Readonly<Record<string, string | undefined>>,
  tableRef: string,
  poolRef: string,
): Record<string, string> {
  const refs = new Map<string, string>([
    [tableRef, resources.tableName],
    [poolRef, resources.userPoolId],
    ...Object.entries(resources.clientIds),
    ...Object.entries(resources.secretArns ?? {}),
    ...(resources.region === undefined ? [] : [['AWS::Region', resources.region] as const]),
    ...(resources.bucketName === undefined
      ? []
      : (resources.buckets ?? []).map((bucket) => [bucket, resources.bucketName as string] as const)),
  ]);
  const environment: Record<string, string> = {};
  for (const [variable, value] of Object.entries(fn.environment)) {
    environment[variable] = localValue(fn, variable, value, refs, resources);
  }
  for (const [variable, value] of Object.entries(additions)) {
    if (value === undefined) continue;
    const listed = LOCAL_ENVIRONMENT.find((entry) => entry.name === variable);
    if (listed === undefined) {
      throw new TemplateError(
        `${fn.logicalId} (${fn.type}): the local stack would add ${variable}, which is not in LOCAL_ENVIRONMENT (local/stack/src/template/local-environment.ts): add it there and to the README with why, or take it from the template.`,
      );
    }
    if (listed.when !== undefined && !(listed.when in fn.environment)) continue;
    environment[variable] = value;
  }
  return environment;
}
