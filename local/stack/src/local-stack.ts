/**
 * The whole Secure Notes stack on one machine: the embedded DynamoDB emulator, the local
 * Cognito user pool and the Notes API, wired to each other, with their data in one folder so
 * that users and notes survive a restart. `npm start` runs it with the defaults below.
 *
 * The API runs in one of two runtimes: the Express server (the container; the default), or the
 * Lambda functions' deployment bundles behind the local API Gateway at `/dev`, with the
 * authorizer of the tutorial's Part VI (Cognito) or Part VIII (a Lambda authorizer, TOKEN or
 * REQUEST); see `lambda-runtime.ts`. The browser app is served on an origin of its own; see
 * `web-client.ts`.
 *
 * One file, because it is the one place that knows the order the services start in and what
 * each must tell the next (ports, issuer, client ids, CORS origins); what each service is lives
 * in its own module.
 */
import { join } from 'node:path';
import { REDACTED_PATHS as API_REDACTED_PATHS } from '@secure-notes/adapters-express';
import { DEFAULT_ATTACHMENT_SETTINGS } from '@secure-notes/domain';
import { attachmentSettingsToEnv } from '@secure-notes/http-api';
import {
  REDACTED_PATHS as COGNITO_REDACTED_PATHS,
  type LocalCognito,
  startLocalCognito,
} from '@secure-notes/local-cognito';
import { type LocalDynamoDb, startLocalDynamoDb } from '@secure-notes/local-dynamodb';
import { DiskObjectStore, type LocalS3, startLocalS3 } from '@secure-notes/local-s3';
import { type RunningServer, startServer } from '@secure-notes/server';
import type { Env } from '@secure-notes/service-kit/config';
import express, { Router } from 'express';
import type { Logger } from 'pino';
import { type LocalServiceSettings, localServiceSettingsFromEnv } from './config.js';
import { type ContainerRun, expressConfigFromTemplate } from './express-runtime.js';
import {
  API_ORIGIN_PLACEHOLDER,
  type AuthorizerMode,
  type GatewayLimits,
  type LocalClients,
  STAGE,
  startLambdaApi,
  type TemplateRun,
  WEB_APP_ORIGIN_PLACEHOLDER,
} from './lambda-runtime.js';
import { pagesRouter } from './pages.js';
import { credentialsOf, noticesFor, serverConfigOf, trustedPool } from './service-configs.js';
import { applyUserPool } from './template/cognito-from-template.js';
import { DEFAULT_WEB_DEV_PORT, DEFAULT_WEB_PORT, type WebApp } from './web-app.js';
import { startWebFrontEnd, withWebFrontEnd } from './web-client.js';

export interface LocalStackOptions {
  /** Where the emulator, the user pool and the API keep their data; in memory when absent. */
  readonly dataDir?: string;
  readonly host?: string;
  /**
   * 3000, 9229 and 8000 by default; 0 binds any free port (tests), and the URLs that name a
   * port (the callback URL, the issuer) are derived after the service listens.
   */
  readonly apiPort?: number;
  readonly cognitoPort?: number;
  readonly dynamoDbPort?: number;
  /** The local S3 of attachments; 4566 by default. It runs whatever the notes store is. */
  readonly s3Port?: number;
  /**
   * `embedded` (the emulator, default), `memory` (no emulator, nothing survives a restart) or
   * `dynamodb` (your table: `services.table`).
   */
  readonly store?: 'embedded' | 'memory' | 'dynamodb';
  /**
   * The services' settings, typed (`npm start` reads them from the environment, see config.ts):
   * the API's (CORS origins, limits), your table for the `dynamodb` store, your user pool instead
   * of the local Cognito.
   */
  readonly services?: Partial<LocalServiceSettings>;
  /**
   * The services' settings as an environment gives them (NOTES_TABLE, COGNITO_USER_POOL_ID,
   * CORS_ORIGINS, …), read with the schemas `npm start` uses; ignored when `services` is given.
   */
  readonly environment?: Env;
  readonly logger: Logger;
  /** The local Cognito's clock (epoch milliseconds); tests move it to mint expired tokens. */
  readonly cognitoNow?: () => number;
  /**
   * `express` (the default): the Express server, at the root and under `/dev`. `lambda`: the
   * functions' bundles behind the local API Gateway, under `/dev` only.
   */
  readonly apiRuntime?: ApiRuntime;
  /** With the `lambda` runtime: the authorizer in front of the routes; `cognito` by default. */
  readonly authorizer?: AuthorizerMode;
  /**
   * With the `lambda` runtime: how many instances of each function this machine runs at once;
   * past it an invocation waits for a free instance (up to the integration timeout). The local
   * API Gateway's 10 when absent.
   */
  readonly lambdaMaxConcurrency?: number;
  /**
   * Told how the template is found (or synthesized): with the `lambda` runtime, what it holds that
   * is not emulated; with `express`, the container template and task definition configuring the server.
   */
  readonly onProgress?: (line: string) => void;
  /**
   * With the `lambda` runtime: the stage's throttling and the WAF rule by source address, as
   * deployed when absent; a test at its own scale gives its own values, or `null` for none.
   */
  readonly gatewayLimits?: GatewayLimits;
  /** Where the browser app is served: 5173 by default, 0 any free port. Served only with the local Cognito. */
  readonly webPort?: number;
  /** The Vite dev server's origin, registered on the app client and in the API's CORS origins too. */
  readonly webDevOrigin?: string;
}

export type ApiRuntime = 'express' | 'lambda';

export interface LocalStack {
  /** The server that answers on the API's port: the Express server or the local API Gateway. */
  readonly api: RunningServer;
  readonly apiRuntime: ApiRuntime;
  /** With the `lambda` runtime: the authorizer in front of the routes. */
  readonly authorizer?: AuthorizerMode;
  readonly store: 'embedded' | 'memory' | 'dynamodb';
  /** The table the API uses (absent for the memory store). */
  readonly tableName?: string;
  /** The server's root, e.g. `http://localhost:3000`: the callback page is here. */
  readonly apiUrl: string;
  /** Where the API's routes start as the tutorial calls them: `{apiUrl}/dev` (its invoke URL). */
  readonly invokeUrl: string;
  /** Where the API's routes start for a client: `apiUrl` on Express, `invokeUrl` behind the API Gateway. */
  readonly baseUrl: string;
  readonly callbackUrl: string;
  /** Absent when the API uses a real user pool. */
  readonly cognito?: LocalCognito;
  readonly dynamoDb?: LocalDynamoDb;
  /** The local S3 that holds attachments, with its one bucket. */
  readonly s3: LocalS3;
  /** The browser app on its own origin (with the local Cognito only). */
  readonly web?: WebApp;
  /** The browser app's public client in the local pool. */
  readonly webClientId?: string;
  readonly dataDir?: string;
  /** With the `lambda` runtime: the synthesized template it runs, read. */
  readonly template?: TemplateRun;
  /** With the `express` runtime: the container template whose task definition configures the server. */
  readonly containerTemplate?: ContainerRun;
  /** Settings that were given but configure nothing in this stack, each saying why (also logged at start). */
  readonly notices: readonly string[];
  close(): Promise<void>;
}

export const LOCAL_STACK_DEFAULTS = {
  apiPort: 3000,
  cognitoPort: 9229,
  dynamoDbPort: 8000,
  webPort: DEFAULT_WEB_PORT,
  webDevOrigin: `http://localhost:${DEFAULT_WEB_DEV_PORT}`,
  // The port AWS tooling conventionally gives a local S3 endpoint (`--endpoint-url http://localhost:4566`).
  s3Port: 4566,
} as const;

/** The bucket of attachments in the local S3. */
export const LOCAL_ATTACHMENTS_BUCKET = 'secure-notes-attachments';

/**
 * The key pairs the local S3 accepts: the emulators' `local`/`local` (what the SDK clients use
 * against a local endpoint when the environment names none) and the environment's own.
 */
function localS3Credentials(environment: NodeJS.ProcessEnv) {
  const local = { accessKeyId: 'local', secretAccessKey: 'local' };
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey } = environment;
  return accessKeyId && secretAccessKey ? [local, { accessKeyId, secretAccessKey }] : [local];
}

/** Starts the services in order; if one fails, the ones already started are stopped. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const host = options.host ?? '127.0.0.1';
  const apiPort = options.apiPort ?? LOCAL_STACK_DEFAULTS.apiPort;
  const { dataDir, logger } = options;
  const services: Partial<LocalServiceSettings> =
    options.services ?? (options.environment === undefined ? {} : localServiceSettingsFromEnv(options.environment));
  const runtime = options.apiRuntime ?? 'express';
  const store = options.store ?? 'embedded';
  const userPool = services.userPool;
  const table = services.table ?? {};
  const notices = noticesFor(store, runtime, services);
  for (const notice of notices) logger.warn(notice);
  const started: { close(): Promise<void> }[] = [];
  const stopAll = async () => {
    for (const service of started.splice(0).reverse()) await service.close();
  };

  try {
    const dynamoDb =
      store === 'memory' || store === 'dynamodb'
        ? undefined
        : await startLocalDynamoDb({
            port: options.dynamoDbPort ?? LOCAL_STACK_DEFAULTS.dynamoDbPort,
            host,
            ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'dynamodb') }),
            ...(table.tableName === undefined ? {} : { tableName: table.tableName }),
            logger: { info: (message) => logger.info({ service: 'dynamodb' }, message) },
          });
    if (dynamoDb) started.push(dynamoDb);

    const cognito = userPool
      ? undefined
      : await startLocalCognito({
          port: options.cognitoPort ?? LOCAL_STACK_DEFAULTS.cognitoPort,
          host,
          ...(dataDir === undefined ? {} : { dataDir: join(dataDir, 'cognito') }),
          ...(services.cognitoRegion === undefined ? {} : { region: services.cognitoRegion }),
          // The local Cognito's own redaction, kept as a second line of defence under the stack's logger.
          logger: logger.child({ service: 'cognito' }, { redact: [...COGNITO_REDACTED_PATHS] }),
          ...(options.cognitoNow === undefined ? {} : { now: options.cognitoNow }),
        });
    if (cognito) started.push(cognito);

    // The app's origin must be known before the API starts: it is one of the API's CORS origins.
    const front = cognito
      ? await startWebFrontEnd(cognito, {
          host,
          port: options.webPort ?? LOCAL_STACK_DEFAULTS.webPort,
          devOrigin: options.webDevOrigin ?? LOCAL_STACK_DEFAULTS.webDevOrigin,
        })
      : undefined;
    if (front) started.push(front.web);
    // The template's app clients, as the local Cognito has them: each runtime configures the API with these.
    const clients: LocalClients | undefined = cognito && {
      web: cognito.clientId,
      machine: cognito.m2mClientId,
      ...(front === undefined ? {} : { app: front.clientId }),
    };

    const ownConfig = await serverConfigOf({ apiPort, host, store, dataDir, logger, services, cognito, dynamoDb });
    const tableConfig = withWebFrontEnd(ownConfig, front);
    // The API signs its S3 requests for the region its configuration resolves to: the local S3's.
    const s3 = await startLocalS3({
      port: options.s3Port ?? LOCAL_STACK_DEFAULTS.s3Port,
      host,
      bucket: LOCAL_ATTACHMENTS_BUCKET,
      region: tableConfig.region,
      credentials: localS3Credentials(process.env),
      // The API's origins, the web app's included: browsers upload and download straight from the bucket.
      corsOrigins: tableConfig.corsOrigins,
      ...(dataDir === undefined ? {} : { store: new DiskObjectStore(join(dataDir, 's3')) }),
    });
    started.push(s3);
    const attachments = {
      bucket: { bucket: s3.bucket, region: s3.region, endpoint: s3.endpoint },
      settings: services.attachments ?? DEFAULT_ATTACHMENT_SETTINGS,
    };
    const config = { ...tableConfig, attachments };
    const pages = (apiUrl: string, invokeUrl: string) =>
      cognito &&
      pagesRouter({
        cognitoUrl: cognito.url,
        clientId: cognito.clientId,
        clientSecret: cognito.clientSecret,
        callbackUrl: `${apiUrl}/callback`,
        apiUrl,
        invokeUrl,
        serverLinks: runtime === 'express',
      });
    // The callback page is mounted once the API's port, and so the callback URL, is known.
    const before = Router();
    let api: RunningServer;
    let template: TemplateRun | undefined;
    let containerTemplate: ContainerRun | undefined;
    if (runtime === 'lambda') {
      if (config.store === 'memory') {
        throw new Error(
          'NOTES_STORE=memory cannot run with API_RUNTIME=lambda: the notes function stores its notes in DynamoDB. ' +
            'Use the embedded emulator (the default) or NOTES_STORE=dynamodb.',
        );
      }
      // Outside the stage: the local stack's own pages, and a hint for a path without the stage.
      const outside = express();
      outside.disable('x-powered-by');
      outside.use(before);
      outside.use((_req, res) => {
        const stage = template?.stage ?? STAGE;
        res.status(404).json({ message: `Not found: the API is under /${stage}, e.g. /${stage}/notes` });
      });
      const lambdaApi = await startLambdaApi({
        host,
        port: apiPort,
        logger,
        authorizer: options.authorizer ?? 'cognito',
        region: config.region,
        pool: { ...trustedPool(config.cognito), ...(clients === undefined ? {} : { clients }) },
        tableName: config.tableName,
        ...(config.dynamoDbEndpoint === undefined ? {} : { dynamoDbEndpoint: config.dynamoDbEndpoint }),
        // Your own table: the functions get the stack's credentials, as on AWS they get their role's.
        ...(dynamoDb ? {} : { credentials: credentialsOf(process.env) }),
        cursorSecret: config.cursorSecret,
        // The configured origins go to the synthesis; the web app's are the template's distribution's, filled locally.
        corsOrigins: ownConfig.corsOrigins,
        ...(front === undefined ? {} : { webOrigins: front.origins }),
        bodyLimitBytes: config.bodyLimitBytes,
        storageBudgetMs: config.storageBudgetMs,
        attachmentEnvironment: {
          ATTACHMENTS_BUCKET: s3.bucket,
          AWS_ENDPOINT_URL_S3: s3.endpoint,
          ...attachmentSettingsToEnv(attachments.settings),
        },
        ...(config.cognito.fetchTimeoutMs === undefined ? {} : { jwksFetchTimeoutMs: config.cognito.fetchTimeoutMs }),
        outsideStage: outside,
        ...(options.lambdaMaxConcurrency === undefined ? {} : { maxConcurrency: options.lambdaMaxConcurrency }),
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
        ...(options.gatewayLimits === undefined ? {} : { limits: options.gatewayLimits }),
      });
      template = lambdaApi.template;
      api = lambdaApi;
    } else {
      // The server's settings are the container template's task definition's, the local values
      // under the same names (see express-runtime.ts).
      const fromTemplate = await expressConfigFromTemplate({
        // The configured origins are added to the template's; the web app's is the template's distribution's, filled locally.
        config: { ...config, corsOrigins: ownConfig.corsOrigins },
        ...(clients === undefined ? {} : { clients }),
        webOrigins: front?.origins ?? [],
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      });
      containerTemplate = fromTemplate.run;
      // The tutorial calls the API at `{invoke URL}/dev/notes`: the `dev` stage prefix works here too.
      api = await startServer({
        config: fromTemplate.config,
        logger: logger.child({ service: 'api' }, { redact: [...API_REDACTED_PATHS] }),
        before,
        stagePrefix: `/${STAGE}`,
      });
    }
    started.push(api);
    const apiUrl = `http://localhost:${api.port}`;
    const invokeUrl = `${apiUrl}/${template?.stage ?? STAGE}`;
    const baseUrl = runtime === 'express' ? apiUrl : invokeUrl;
    const callbackUrl = `${apiUrl}/callback`;
    const router = pages(apiUrl, baseUrl);
    if (cognito && router) {
      // With the Lambda runtime, the pool's clients and groups are the template's, the API's origin filled in.
      if (template === undefined) {
        cognito.setAppClientUrls({ callbackUrls: [callbackUrl], logoutUrls: [`${apiUrl}/`] });
      } else {
        const differences = await applyUserPool(template.api.userPool, {
          url: cognito.url,
          region: cognito.region,
          userPoolId: cognito.userPoolId,
          clientIds: template.clientIds,
          placeholders: {
            [API_ORIGIN_PLACEHOLDER]: [apiUrl],
            [WEB_APP_ORIGIN_PLACEHOLDER]: front?.origins ?? [apiUrl],
          },
        });
        for (const difference of differences) {
          options.onProgress?.(`Not as deployed: ${difference.type} ${difference.logicalId}: ${difference.why}`);
        }
      }
      before.use(router);
    }
    // The app uploads to the local S3 by XMLHttpRequest: its CSP names the presigned URLs' origin.
    front?.ready({ apiUrl, baseUrl, objectStorageOrigin: new URL(s3.endpoint).origin });

    return {
      api,
      apiRuntime: runtime,
      ...(runtime === 'lambda' ? { authorizer: options.authorizer ?? 'cognito' } : {}),
      store,
      ...(config.store === 'memory' ? {} : { tableName: config.tableName }),
      apiUrl,
      invokeUrl,
      baseUrl,
      callbackUrl,
      ...(cognito ? { cognito } : {}),
      ...(dynamoDb ? { dynamoDb } : {}),
      s3,
      ...(front ? { web: front.web, webClientId: front.clientId } : {}),
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(template === undefined ? {} : { template }),
      ...(containerTemplate === undefined ? {} : { containerTemplate }),
      notices,
      close: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
