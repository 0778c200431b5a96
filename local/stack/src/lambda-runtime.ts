/**
 * The local stack's Lambda runtime (`API_RUNTIME=lambda`): the Notes API as it deploys. The
 * CloudFormation template the CDK app (apps/infra) synthesizes for the chosen authorizer is read
 * (synthesized at start when the infrastructure, the bundles or the context changed, else taken
 * from the cache; see `template/synth-cache.ts`), and the local API Gateway runs what it states:
 * its stage, its methods and their authorizers, its functions (their bundles, handler, memory,
 * timeout and environment, with the references to the table, the user pool and the secret
 * replaced by the local ones), its CORS preflights and gateway responses. What the local stack
 * adds to the functions is the one list `LOCAL_ENVIRONMENT`; what it does not emulate is named
 * at start. The functions' log lines go to the stack's logger.
 *
 * One unit: it is the one place where the template's reading, the local resources (the secret's
 * stand-in, the clients, the ports) and the gateway meet; the reading itself is in `template/`.
 */
import { existsSync } from 'node:fs';
import type { RequestListener } from 'node:http';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { ADDRESS_RATE_LIMIT } from '@secure-notes/http-api';
import {
  type AddressRateLimitSettings,
  type LocalApiGateway,
  startLocalApiGateway,
  type ThrottleSettings,
} from '@secure-notes/local-api-gateway';
import { isPortInUse } from '@secure-notes/service-kit';
import type { Logger } from 'pino';
import { localSecretArn, startSecretsManagerStandIn } from './secrets-manager-stand-in.js';
import { type GatewayFromTemplate, gatewayFromTemplate } from './template/gateway-from-template.js';
import { API_ORIGIN_PLACEHOLDER, localSynthContext, WEB_APP_ORIGIN_PLACEHOLDER } from './template/local-context.js';
import { LOCAL_ENVIRONMENT } from './template/local-environment.js';
import { readTemplate } from './template/read-template.js';
import { modeName, type SynthesizedTemplate, synthesizedTemplate, type TemplateMode } from './template/synth-cache.js';
import type { NotEmulated, TemplateApi } from './template/template-model.js';

/** Which authorizer stands in front of the routes: the infrastructure's `authorizer` context. */
export type AuthorizerMode = 'cognito' | 'token' | 'request';
export const AUTHORIZER_MODES: readonly AuthorizerMode[] = ['cognito', 'token', 'request'];

/** The tutorial's stage, which the Express runtime also serves under; the Lambda runtime takes the template's. */
export const STAGE = 'dev';
/** The tutorial's Part VIII cache (300 s); the Lambda runtime runs the template's `AuthorizerResultTtlInSeconds`. */
export const AUTHORIZER_CACHE_TTL_SECONDS = 300;

export { API_ORIGIN_PLACEHOLDER, LOCAL_ENVIRONMENT, localSynthContext, WEB_APP_ORIGIN_PLACEHOLDER };

/** The stage's throttling and the WAF rule by source address; `null` turns one off. */
export interface GatewayLimits {
  readonly throttle?: ThrottleSettings | null;
  readonly addressRateLimit?: AddressRateLimitSettings | null;
}

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');

/** Where `pnpm build:lambdas` writes the bundles. */
export const LAMBDA_BUNDLES = {
  notes: resolve(repositoryRoot, 'apps/lambda-notes/bundle/index.mjs'),
  token: resolve(repositoryRoot, 'apps/lambda-authorizer/bundle/token/index.mjs'),
  request: resolve(repositoryRoot, 'apps/lambda-authorizer/bundle/request/index.mjs'),
} as const;

/** Throws, naming the command that builds them, when a bundle is missing. */
export function assertBundlesBuilt(bundles: Readonly<Record<string, string>> = LAMBDA_BUNDLES): void {
  const missing = Object.values(bundles).filter((file) => !existsSync(file));
  if (missing.length > 0) {
    throw new Error(
      `The Lambda bundles are missing (${missing.join(', ')}): run \`pnpm build:lambdas\` first (\`npm start\` does it for you).`,
    );
  }
}

/** The local Cognito's clients, which stand in for the template's by what they do. */
export interface LocalClients {
  /** The code-flow client with a secret (the tutorial's). */
  readonly web: string;
  /** The client-credentials client. */
  readonly machine: string;
  /** The web app's public client, when the local stack serves the web app. */
  readonly app?: string;
}

/** The user pool the functions and the authorizers trust. */
export interface TrustedPool {
  readonly userPoolId: string;
  readonly issuer: string;
  readonly jwksUri: string;
  /** The local Cognito's clients, matched to the template's by what they do; absent for a real pool. */
  readonly clients?: LocalClients;
  /** A real pool's accepted client ids (COGNITO_CLIENT_IDS), in the template's client order. */
  readonly clientIds: readonly string[];
}

export interface LambdaApiOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly authorizer: AuthorizerMode;
  readonly region: string;
  readonly pool: TrustedPool;
  /** The table's name (what `Ref` to the template's table is locally). */
  readonly tableName: string;
  /** The emulator's endpoint; absent for a real table. */
  readonly dynamoDbEndpoint?: string;
  /** Credentials for a real table, from the environment. */
  readonly credentials?: Readonly<Record<string, string>>;
  /** The value of the template's secret (the page-token secret). */
  readonly cursorSecret: string;
  /** Browser origins: the `corsOrigins` context the template is synthesized with. */
  readonly corsOrigins: readonly string[];
  /** Where the local stack serves the web app: what the template's distribution origin is locally (the API's own by default). */
  readonly webOrigins?: readonly string[];
  /**
   * The notes function's attachments: ATTACHMENTS_BUCKET (the local S3's bucket, what `Ref` to the
   * template's bucket is locally), AWS_ENDPOINT_URL_S3 and the ATTACHMENT_* settings.
   */
  readonly attachmentEnvironment?: Readonly<Record<string, string>>;
  /** STORAGE_BUDGET_MS from the environment, when set. */
  readonly storageBudgetMs?: number;
  /** The largest body the notes function takes (BODY_LIMIT_BYTES); its default when absent. */
  readonly bodyLimitBytes?: number;
  /** The authorizer's JWKS download time limit (COGNITO_JWKS_FETCH_TIMEOUT_MS); its default when absent. */
  readonly jwksFetchTimeoutMs?: number;
  /** The local stack's own pages (the callback page, `/`), served outside the stage. */
  readonly outsideStage: RequestListener;
  /** How many instances of each function may run at once; the local API Gateway's default (10) when absent. */
  readonly maxConcurrency?: number;
  /**
   * The limits in front of the stage: the template's throttling and the WAF rule by source address
   * by default; a test gives its own scale, or `null` for none.
   */
  readonly limits?: GatewayLimits;
  /** Told each step of finding the template (synthesis progress), and what is not emulated. */
  readonly onProgress?: (line: string) => void;
  /** The repository whose apps/infra is synthesized; this one by default. */
  readonly repositoryRoot?: string;
  /** Where synthesized templates are cached; node_modules/.cache/secure-notes-templates by default. */
  readonly templateCacheDir?: string;
}

/** What the runtime runs, for the banner and for tests. */
export interface TemplateRun {
  readonly mode: AuthorizerMode;
  readonly templatePath: string;
  readonly synthesized: boolean;
  readonly synthMs: number;
  readonly createdAt: string;
  readonly stage: string;
  readonly api: TemplateApi;
  readonly gateway: GatewayFromTemplate;
  /** The local client id of each of the template's app clients, by logical id. */
  readonly clientIds: Readonly<Record<string, string>>;
}

export interface LambdaApi extends LocalApiGateway {
  readonly template: TemplateRun;
}

/** A port free on `host` now. */
function freePort(host: string): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The local id of each template client: the local Cognito's client that does the same thing (the
 * code-flow client with a secret is its web client, the client-credentials client its machine
 * client). A client the local Cognito has nothing like is left out, and named at start. With a
 * real pool there is no telling its clients apart: none is mapped, and the list of accepted
 * clients is COGNITO_CLIENT_IDS (see `LocalResources.clientList`).
 */
export function localClientIds(api: TemplateApi, pool: TrustedPool): Record<string, string> {
  const local = pool.clients;
  if (local === undefined) return {};
  return Object.fromEntries(
    api.userPool.clients.flatMap((client) => {
      if (client.oauthFlows.includes('client_credentials')) return [[client.logicalId, local.machine]];
      if (client.oauthFlows.includes('code') && client.generateSecret) return [[client.logicalId, local.web]];
      if (client.oauthFlows.includes('code') && local.app !== undefined) return [[client.logicalId, local.app]];
      return [];
    }),
  );
}

/** The template's clients the local Cognito has nothing like. */
function unmappedClients(
  api: TemplateApi,
  clientIds: Readonly<Record<string, string>>,
  pool: TrustedPool,
): NotEmulated[] {
  if (pool.clients === undefined) return [];
  return api.userPool.clients
    .filter((client) => clientIds[client.logicalId] === undefined)
    .map((client) => ({
      ...client,
      why: `the local Cognito has no client like "${client.name}" (flows ${client.oauthFlows.join(', ') || 'none'}, ${client.generateSecret ? 'with' : 'without'} a secret): the functions do not accept its tokens locally`,
    }));
}

/** Finds (or synthesizes) the template of `options.authorizer` and reads it. */
async function templateOf(options: LambdaApiOptions): Promise<{ synth: SynthesizedTemplate; api: TemplateApi }> {
  const synth = await synthesizedTemplate({
    mode: options.authorizer,
    repositoryRoot: options.repositoryRoot ?? repositoryRoot,
    context: localSynthContext(options.corsOrigins),
    ...(options.templateCacheDir === undefined ? {} : { cacheDir: options.templateCacheDir }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return { synth, api: readTemplate(synth.template) };
}

/** One line per type and reason, naming each resource. */
function groupedByWhy(items: readonly NotEmulated[]): { type: string; why: string; ids: string[] }[] {
  const groups = new Map<string, { type: string; why: string; ids: string[] }>();
  for (const item of items) {
    const key = `${item.type}\0${item.why}`;
    const group = groups.get(key) ?? { type: item.type, why: item.why, ids: [] };
    group.ids.push(item.logicalId);
    groups.set(key, group);
  }
  return [...groups.values()];
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** `Template  <path>  (AUTHORIZER=token, synthesized now in 9.8 s)` and the not-emulated list. */
export function templateReport(
  run: Pick<TemplateRun, 'templatePath' | 'synthesized' | 'synthMs' | 'createdAt'> & { readonly mode: TemplateMode },
  notEmulated: readonly NotEmulated[],
): string[] {
  const how = run.synthesized
    ? `synthesized now in ${seconds(run.synthMs)}`
    : `reused: synthesized ${run.createdAt} in ${seconds(run.synthMs)}; the infrastructure, the bundles and the context are unchanged since`;
  return [
    `Template: ${run.templatePath} (the CDK app of apps/infra, ${modeName(run.mode)}; ${how})`,
    ...(notEmulated.length === 0 ? [] : ['Not emulated (in the template, not run as deployed):']),
    ...groupedByWhy(notEmulated).map(({ type, why, ids }) => `  - ${type} ${ids.join(', ')}: ${why}`),
  ];
}

/**
 * Starts the local API Gateway with what the template of `options.authorizer` deploys.
 *
 * @example
 * const gateway = await startLambdaApi({ host, port: 3000, logger, authorizer: 'token', region, pool, tableName,
 *   cursorSecret, corsOrigins: [], outsideStage: pages, onProgress: console.log });
 * // curl http://localhost:3000/dev/notes -H "Authorization: $ID_TOKEN"
 */
export async function startLambdaApi(options: LambdaApiOptions): Promise<LambdaApi> {
  const { synth, api } = await templateOf(options);
  // Without a web app of its own, the template's web origin stands for the API's own origin, which
  // names the port: a port the system is to choose (0) is then chosen before the functions are
  // made, and chosen again should another process take it before the gateway listens.
  const portFirst = options.port === 0 && options.webOrigins === undefined;
  // LOG_LEVEL as every process reads it (pino's names). The functions' lines pass through the stack's
  // logger, which filters them again; a silent stack lets the functions log as they otherwise would.
  const logLevel = options.logger.level === 'silent' ? 'info' : options.logger.level;
  const clientIds = localClientIds(api, options.pool);
  const secrets = Object.fromEntries(api.secrets.map((secret) => [secret.logicalId, options.cursorSecret]));
  // The template's secret is read at init from Secrets Manager: locally, by a stand-in that holds
  // the page-token secret under a local ARN (what `Ref` to the secret gives).
  const secretArns = Object.fromEntries(
    api.secrets.map((secret) => [secret.logicalId, localSecretArn(options.region, secret.logicalId)]),
  );
  const standIn = await startSecretsManagerStandIn(
    api.secrets.map((secret) => ({
      arn: secretArns[secret.logicalId] as string,
      name: secret.logicalId,
      value: options.cursorSecret,
    })),
  );
  for (let attempt = 1; ; attempt += 1) {
    const port = portFirst ? await freePort(options.host) : options.port;
    try {
      return await startGateway(options, { synth, api, port, logLevel, clientIds, secrets, secretArns, standIn });
    } catch (error) {
      if (portFirst && isPortInUse(error) && attempt < PORT_ATTEMPTS) continue;
      await standIn.close();
      throw error;
    }
  }
}

/** How often a port chosen ahead (see `startLambdaApi`) is chosen again when taken meanwhile. */
const PORT_ATTEMPTS = 5;

async function startGateway(
  options: LambdaApiOptions,
  found: {
    synth: SynthesizedTemplate;
    api: TemplateApi;
    port: number;
    logLevel: string;
    clientIds: Record<string, string>;
    secrets: Record<string, string>;
    secretArns: Record<string, string>;
    standIn: { readonly endpoint: string; close(): Promise<void> };
  },
): Promise<LambdaApi> {
  const { synth, api, port, logLevel, clientIds, secrets, secretArns, standIn } = found;
  const gateway = gatewayFromTemplate(api, {
    repositoryRoot: options.repositoryRoot ?? repositoryRoot,
    assets: synth.assets,
    issuer: options.pool.issuer,
    jwksUri: options.pool.jwksUri,
    resources: {
      tableName: options.tableName,
      userPoolId: options.pool.userPoolId,
      clientIds,
      buckets: api.buckets.map((bucket) => bucket.logicalId),
      templateClients: new Set(api.userPool.clients.map((client) => client.logicalId)),
      ...(options.pool.clients === undefined ? { clientList: options.pool.clientIds } : {}),
      secrets,
      secretArns,
      ...(options.attachmentEnvironment?.ATTACHMENTS_BUCKET === undefined
        ? {}
        : { bucketName: options.attachmentEnvironment.ATTACHMENTS_BUCKET }),
      placeholders: { [WEB_APP_ORIGIN_PLACEHOLDER]: options.webOrigins ?? [`http://localhost:${port}`] },
    },
    additions: {
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoDbEndpoint,
      DYNAMODB_ENDPOINT: options.dynamoDbEndpoint,
      COGNITO_ISSUER: options.pool.issuer,
      COGNITO_JWKS_URI: options.pool.jwksUri,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: standIn.endpoint,
      ...Object.fromEntries(
        Object.entries(options.attachmentEnvironment ?? {}).filter(([name]) => name !== 'ATTACHMENTS_BUCKET'),
      ),
      ...options.credentials,
      LOG_LEVEL: logLevel,
      STORAGE_BUDGET_MS: options.storageBudgetMs === undefined ? undefined : String(options.storageBudgetMs),
      BODY_LIMIT_BYTES: options.bodyLimitBytes === undefined ? undefined : String(options.bodyLimitBytes),
      COGNITO_JWKS_FETCH_TIMEOUT_MS:
        options.jwksFetchTimeoutMs === undefined ? undefined : String(options.jwksFetchTimeoutMs),
    },
  });
  const notEmulated: NotEmulated[] = [...gateway.notEmulated, ...unmappedClients(api, clientIds, options.pool)];
  // The stage's throttling is the template's; the WAF rule by source address the contract's
  // ADDRESS_RATE_LIMIT, the value the infrastructure deploys (the web ACL itself is not read).
  const throttle = options.limits?.throttle === undefined ? gateway.throttling : options.limits.throttle;
  const addressRateLimit =
    options.limits?.addressRateLimit === undefined ? ADDRESS_RATE_LIMIT : options.limits.addressRateLimit;
  const run: TemplateRun = {
    mode: options.authorizer,
    templatePath: synth.templatePath,
    synthesized: synth.synthesized,
    synthMs: synth.synthMs,
    createdAt: synth.createdAt,
    stage: gateway.stage,
    api,
    gateway: { ...gateway, notEmulated },
    clientIds,
  };
  for (const line of templateReport(run, notEmulated)) options.onProgress?.(line);
  options.logger.debug(
    { template: synth.templatePath, notEmulated: notEmulated.length },
    'the Lambda runtime runs the template',
  );

  const lambdaLog = options.logger.child({ service: 'lambda' });
  const started = await startLocalApiGateway({
    stage: gateway.stage,
    host: options.host,
    port,
    region: options.region,
    routes: gateway.routes,
    authorizers: gateway.authorizers,
    functions: gateway.functions.map((fn) => ({
      name: fn.name,
      bundle: fn.bundle,
      handler: fn.handler,
      timeoutSeconds: fn.timeoutSeconds,
      memorySizeMb: fn.memorySizeMb,
      environment: fn.environment,
      region: options.region,
      ...(fn.reservedConcurrency === undefined ? {} : { reservedConcurrency: fn.reservedConcurrency }),
      ...(options.maxConcurrency === undefined ? {} : { maxInstances: options.maxConcurrency }),
    })),
    ...(gateway.cors === undefined ? {} : { cors: gateway.cors }),
    ...(throttle === null || throttle === undefined ? {} : { throttle }),
    ...(addressRateLimit === null ? {} : { addressRateLimit }),
    outsideStage: options.outsideStage,
    logger: options.logger.child({ service: 'gateway' }),
    functionLog: ({ function: name, instance, stream, line }) => {
      if (stream === 'platform') lambdaLog.debug({ function: name, instance }, line);
      else lambdaLog.info({ function: name, instance, stream }, line);
    },
  });
  const close = started.close.bind(started);
  return Object.assign(started, {
    template: run,
    close: async () => {
      await close();
      await standIn.close();
    },
  });
}
