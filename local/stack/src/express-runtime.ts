/**
 * The local stack's Express runtime (`API_RUNTIME=express`, the default) configured as the
 * container deploys: the CDK app's template for `runtime=container` is read (synthesized at start
 * when the infrastructure changed, else taken from the cache, as for the Lambda runtime), and the
 * server runs with its ECS task definition's environment and secrets, the references to the
 * table, the user pool and its clients, the bucket, the region and the secret replaced by the
 * local ones, and the stack's own settings on top only as LOCAL_ENVIRONMENT lists them; the
 * server's own `loadConfig` reads the result (see `template/container-from-template.ts`).
 */
import { resolve } from 'node:path';
import { attachmentSettingsToEnv } from '@secure-notes/http-api';
import type { ServerConfig } from '@secure-notes/server';
import { type LocalClients, templateReport } from './lambda-runtime.js';
import { containerFromTemplate, onlyOf } from './template/container-from-template.js';
import { localSynthContext, WEB_APP_ORIGIN_PLACEHOLDER } from './template/local-context.js';
import { readClient } from './template/read-client.js';
import { withLocalWebApp } from './template/read-template.js';
import { synthesizedTemplate } from './template/synth-cache.js';
import type { CfnTemplate } from './template/template-model.js';

const repositoryRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface ExpressFromTemplateOptions {
  /** The stack's own configuration of the server: the local values and settings. */
  readonly config: ServerConfig;
  /** The local Cognito's clients, matched to the template's by what they do; absent for a real pool. */
  readonly clients?: LocalClients;
  /** Where the local stack serves the web app: what the template's distribution origin is locally. */
  readonly webOrigins: readonly string[];
  /** Told which template runs (and how it was found). */
  readonly onProgress?: (line: string) => void;
  readonly repositoryRoot?: string;
  readonly templateCacheDir?: string;
}

/** What the Express runtime runs, for tests and the start's report. */
export interface ContainerRun {
  readonly templatePath: string;
  readonly synthesized: boolean;
  readonly synthMs: number;
  /** The task definition's logical id and its container's name. */
  readonly taskDefinition: string;
  readonly container: string;
}

/**
 * The template's app clients mapped to the local Cognito's: the client-credentials client is its
 * machine client, the code-flow client with a secret its web client, a public code-flow client
 * the web app's client (as the Lambda runtime maps them).
 */
function localClients(template: CfnTemplate, local: ExpressFromTemplateOptions['clients']): Record<string, string> {
  if (local === undefined) return {};
  const resources = Object.entries(withLocalWebApp(template).Resources);
  const servers = new Map(
    resources
      .filter(([, r]) => r.Type === 'AWS::Cognito::UserPoolResourceServer')
      .map(([id, r]) => [id, String(r.Properties?.Identifier)]),
  );
  const out: Record<string, string> = {};
  for (const [logicalId, resource] of resources) {
    if (resource.Type !== 'AWS::Cognito::UserPoolClient') continue;
    const client = readClient({ logicalId, type: resource.Type }, resource.Properties ?? {}, servers);
    if (client.oauthFlows.includes('client_credentials')) out[logicalId] = local.machine;
    else if (client.oauthFlows.includes('code') && client.generateSecret) out[logicalId] = local.web;
    else if (client.oauthFlows.includes('code') && local.app !== undefined) out[logicalId] = local.app;
  }
  return out;
}

/**
 * The server's configuration from the container template, and which template it is.
 *
 * @example
 * const { config } = await expressConfigFromTemplate({ config: own, clients, webOrigins, onProgress: console.log });
 */
export async function expressConfigFromTemplate(
  options: ExpressFromTemplateOptions,
): Promise<{ config: ServerConfig; run: ContainerRun }> {
  const synth = await synthesizedTemplate({
    mode: 'container',
    repositoryRoot: options.repositoryRoot ?? repositoryRoot,
    // The stack's CORS_ORIGINS are added locally (LOCAL_ENVIRONMENT), so that every start shares one entry.
    context: localSynthContext([]),
    ...(options.templateCacheDir === undefined ? {} : { cacheDir: options.templateCacheDir }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const template = synth.template as CfnTemplate;
  const own = options.config;
  const ids = (type: string) =>
    Object.entries(template.Resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  const clientIds = localClients(template, options.clients);
  const fromTemplate = containerFromTemplate(template, {
    tableRef: onlyOf(template, 'AWS::DynamoDB::Table'),
    poolRef: onlyOf(template, 'AWS::Cognito::UserPool'),
    resources: {
      tableName: own.tableName,
      userPoolId: own.cognito.userPoolId,
      region: own.region,
      clientIds,
      templateClients: new Set(ids('AWS::Cognito::UserPoolClient')),
      ...(options.clients === undefined ? { clientList: own.cognito.clientIds } : {}),
      secrets: {},
      ...(own.attachments === undefined ? {} : { bucketName: own.attachments.bucket.bucket }),
      buckets: ids('AWS::S3::Bucket'),
      placeholders: { [WEB_APP_ORIGIN_PLACEHOLDER]: options.webOrigins },
    },
    secretValues: Object.fromEntries(ids('AWS::SecretsManager::Secret').map((id) => [id, own.cursorSecret])),
    corsOrigins: own.corsOrigins,
    additions: {
      PORT: String(own.port),
      HOST: own.host,
      NOTES_STORE: own.store,
      TRUST_PROXY: String(own.trustProxy),
      LOG_LEVEL: own.logLevel,
      DYNAMODB_ENDPOINT: own.dynamoDbEndpoint,
      COGNITO_ISSUER: own.cognito.issuer,
      COGNITO_JWKS_URI: own.cognito.jwksUri,
      COGNITO_JWKS_FETCH_TIMEOUT_MS:
        own.cognito.fetchTimeoutMs === undefined ? undefined : String(own.cognito.fetchTimeoutMs),
      AWS_ENDPOINT_URL_S3: own.attachments?.bucket.endpoint,
      ...(own.attachments === undefined ? {} : attachmentSettingsToEnv(own.attachments.settings)),
      STORAGE_BUDGET_MS: String(own.storageBudgetMs),
      BODY_LIMIT_BYTES: String(own.bodyLimitBytes),
      RATE_LIMIT_PER_MINUTE: String(own.rateLimits.perCallerPerMinute),
      RATE_LIMIT_PER_ADDRESS_PER_MINUTE: String(own.rateLimits.perAddressPerMinute),
      SHUTDOWN_TIMEOUT_MS: String(own.shutdownTimeoutMs),
    },
  });
  const run: ContainerRun = {
    templatePath: synth.templatePath,
    synthesized: synth.synthesized,
    synthMs: synth.synthMs,
    taskDefinition: fromTemplate.container.logicalId,
    container: fromTemplate.container.name,
  };
  for (const line of templateReport({ ...synth, mode: 'container' }, [])) options.onProgress?.(line);
  options.onProgress?.(
    `The Express server's settings: ${run.taskDefinition} (AWS::ECS::TaskDefinition), container ${run.container}: its Environment and Secrets, the local stack's values under the same names`,
  );
  return { config: fromTemplate.config, run };
}
