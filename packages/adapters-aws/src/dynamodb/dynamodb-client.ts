/**
 * The one DynamoDB client a process needs. The SDK's Node HTTP handler has no connection or
 * request timeout unless one is set, so a hung connection would hold a Lambda until its own
 * 10 s timeout kills it mid-request. Here every attempt is bounded: with the defaults (1 s to
 * connect, 2.5 s for the whole request, 3 attempts) the worst case stays near 8 s, and the
 * repository turns what is left after the SDK's retries into `UnavailableError` (503).
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type TranslateConfig } from '@aws-sdk/lib-dynamodb';
import { ConfiguredRetryStrategy } from '@smithy/core/retry';
import { NodeHttpHandler, type NodeHttpHandlerOptions } from '@smithy/node-http-handler';

export const DEFAULT_CONNECTION_TIMEOUT_MS = 1_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 2_500;
export const DEFAULT_MAX_ATTEMPTS = 3;

/** What local emulators accept: they check that a request is signed, not by whom. */
const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

export interface DynamoDbClientOptions {
  readonly region: string;
  /** A DynamoDB-compatible endpoint (DynamoDB Local, dynalite); AWS's regional endpoint when absent. */
  readonly endpoint?: string;
  /** The SDK's default provider chain when absent (dummy credentials for a local endpoint, see below). */
  readonly credentials?: DynamoDBClientConfig['credentials'];
  /** Time allowed to open a TCP connection, per attempt. */
  readonly connectionTimeoutMs?: number;
  /** Time allowed for a whole request and its response, per attempt. */
  readonly requestTimeoutMs?: number;
  /** Attempts per operation, the first included. */
  readonly maxAttempts?: number;
  /** A fixed delay between attempts instead of the SDK's exponential back-off (tests use a few ms). */
  readonly retryDelayMs?: number;
  /** Sockets kept per host (default 50). */
  readonly maxSockets?: number;
  /** Where to look for credentials; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

function hasEnvironmentCredentials(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(
    env.AWS_ACCESS_KEY_ID ||
      env.AWS_PROFILE ||
      env.AWS_WEB_IDENTITY_TOKEN_FILE ||
      env.AWS_CONTAINER_CREDENTIALS_FULL_URI ||
      env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI,
  );
}

/**
 * The credentials to give the SDK: the ones passed, else dummy ones for a custom endpoint
 * when the environment names none (so that `pnpm start` against the embedded emulator needs
 * no AWS account), else `undefined` for the SDK's default chain.
 */
export function resolveCredentials(options: DynamoDbClientOptions): DynamoDBClientConfig['credentials'] {
  if (options.credentials !== undefined) return options.credentials;
  const env = options.env ?? process.env;
  if (options.endpoint !== undefined && !hasEnvironmentCredentials(env)) return { ...LOCAL_CREDENTIALS };
  return undefined;
}

/** The HTTP handler's settings: explicit timeouts and keep-alive agents. */
export function dynamoDbHttpHandlerOptions(options: DynamoDbClientOptions): NodeHttpHandlerOptions {
  const maxSockets = options.maxSockets ?? 50;
  return {
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    // Without this the handler only logs a warning when the request timeout passes.
    throwOnRequestTimeout: true,
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets }),
    httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets }),
  };
}

/**
 * Builds the low-level client. Prefer {@link createDynamoDbDocumentClient}; this one is for
 * control-plane calls such as {@link ensureNotesTable}'s waiter.
 */
export function createDynamoDbClient(options: DynamoDbClientOptions): DynamoDBClient {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const credentials = resolveCredentials(options);
  return new DynamoDBClient({
    region: options.region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts,
    ...(options.retryDelayMs === undefined
      ? {}
      : { retryStrategy: new ConfiguredRetryStrategy(maxAttempts, options.retryDelayMs) }),
    requestHandler: new NodeHttpHandler(dynamoDbHttpHandlerOptions(options)),
  });
}

/**
 * The document client the repository uses: plain JavaScript values in and out. Build one per
 * process (the inversify module does) and share it; `destroy()` it on shutdown.
 *
 * @example
 * const client = createDynamoDbDocumentClient({ region: 'us-east-1' });
 * const local = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:8000' });
 */
export function createDynamoDbDocumentClient(options: DynamoDbClientOptions): DynamoDBDocumentClient {
  return new OwningDocumentClient(createDynamoDbClient(options), {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
    unmarshallOptions: { wrapNumbers: false },
  });
}

/**
 * A document client that owns the client it wraps. The SDK's document client does not (its
 * `destroy()` does nothing), so destroying it would leave the wrapped client's keep-alive
 * sockets open after a shutdown; this one destroys the wrapped client.
 */
class OwningDocumentClient extends DynamoDBDocumentClient {
  readonly #wrapped: DynamoDBClient;

  constructor(wrapped: DynamoDBClient, translateConfig: TranslateConfig) {
    super(wrapped, translateConfig);
    this.#wrapped = wrapped;
  }

  override destroy(): void {
    this.#wrapped.destroy();
  }
}
