/**
 * One Lambda function, run locally the way Lambda runs it, from its deployment bundle: its
 * settings, its invocations and its instances. An instance is a worker thread
 * (`lambda-instance.ts`); the rules by which invocations get one are `instance-pool.ts`'s.
 *
 * - an instance serves one invocation at a time; an invocation that finds no idle instance
 *   starts another one (with its own cold start), up to `maxInstances`, the instances this
 *   machine runs at once; past it an invocation waits for the next free instance, in order of
 *   arrival, until its caller stops waiting (Lambda would start more instances: waiting is the
 *   local stand-in for capacity the machine lacks, not a refusal);
 * - a reserved concurrency, when the function has one, caps the invocations in flight (waiting
 *   ones included), past which Lambda throttles (API Gateway then answers 500);
 * - an invocation that runs past the function's timeout ends its instance (the worker is
 *   terminated, as Lambda ends the sandbox); an instance whose init fails or which crashes is
 *   discarded; the next invocation starts a fresh one;
 * - what the function writes to stdout and stderr goes, line by line, to the log sink, with
 *   Lambda's START, END and REPORT lines around each invocation.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { InstancePool } from './instance-pool.js';
import { type FunctionLogSink, type LambdaInstance, startInstance } from './lambda-instance.js';
import type { FunctionError } from './protocol.js';
import { withTimeout } from './with-timeout.js';

export type { FunctionLogLine, FunctionLogSink } from './lambda-instance.js';

export interface LambdaFunctionConfig {
  /** The function's name, e.g. `NotesAPI`. */
  readonly name: string;
  /** The bundle's module file, e.g. `apps/lambda-notes/bundle/index.mjs` (absolute or from the working directory). */
  readonly bundle: string;
  /** The exported handler: `handler` for Lambda's `index.handler`. */
  readonly handler?: string;
  /** 3 s by default, as on Lambda. */
  readonly timeoutSeconds?: number;
  /** 128 MB by default, as on Lambda; the instance's V8 heap is capped at it. */
  readonly memorySizeMb?: number;
  /** The function's environment variables (they may also override Lambda's reserved ones, e.g. credentials). */
  readonly environment?: Readonly<Record<string, string>>;
  /** How many instances this machine runs at once (more invocations wait for a free one); 10 by default. */
  readonly maxInstances?: number;
  /** The function's reserved concurrency: past it, invocations are throttled as on Lambda. None by default. */
  readonly reservedConcurrency?: number;
  /** The region in the function's ARN and `AWS_REGION`; us-east-1 by default. */
  readonly region?: string;
  /** The account id in the function's ARN; 123456789012 by default. */
  readonly accountId?: string;
}

/** Why an invocation gave no result. */
export type InvocationFailure =
  /** The handler threw or rejected (Lambda's `X-Amz-Function-Error: Unhandled`). */
  | 'Unhandled'
  /** It ran past the function's timeout; the instance was ended. */
  | 'Timeout'
  /** The instance's init failed (the bundle threw at import, or has no such handler). */
  | 'InitError'
  /** The instance died during the invocation (`process.exit`, an uncaught exception, out of memory). */
  | 'Crashed'
  /** The function's reserved concurrency was reached (or it is closed). */
  | 'Throttled'
  /** The caller stopped waiting for a free instance (its `signal` aborted) before one was free. */
  | 'Abandoned'
  /** The event is over Lambda's 6 MB synchronous invocation payload. */
  | 'RequestTooLarge'
  /** The result is over Lambda's 6 MB. */
  | 'ResponseTooLarge';

export type InvocationOutcome =
  | {
      readonly ok: true;
      /** The handler's result, as it came through JSON. */
      readonly payload: unknown;
      readonly instance: number;
      readonly coldStart: boolean;
      readonly durationMs: number;
    }
  | {
      readonly ok: false;
      readonly failure: InvocationFailure;
      readonly error: FunctionError;
      readonly instance?: number;
      readonly coldStart?: boolean;
    };

/** Lambda's limit on a synchronous invocation's request and response. */
export const LAMBDA_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;
/** Lambda gives an on-demand instance's init 10 s. */
export const DEFAULT_INIT_TIMEOUT_MS = 10_000;

/**
 * @example
 * const fn = new LambdaFunction({ name: 'NotesAPI', bundle: 'apps/lambda-notes/bundle/index.mjs', timeoutSeconds: 10,
 *   memorySizeMb: 256, environment: { NOTES_TABLE: 'Notes' } }, { log: (l) => console.log(l.line) });
 * const outcome = await fn.invoke(event);
 * if (outcome.ok) console.log(outcome.payload);
 * await fn.close();
 */
export class LambdaFunction {
  readonly config: Required<Omit<LambdaFunctionConfig, 'environment' | 'reservedConcurrency'>> & {
    readonly environment: Record<string, string>;
    readonly reservedConcurrency: number | undefined;
  };
  readonly #log: FunctionLogSink;
  readonly #initTimeoutMs: number;
  readonly #pool: InstancePool<LambdaInstance>;
  #inFlight = 0;
  #nextInstance = 1;
  #nextInvocation = 1;
  #coldStarts = 0;
  #invocations = 0;

  constructor(config: LambdaFunctionConfig, options: { log?: FunctionLogSink; initTimeoutMs?: number } = {}) {
    const timeoutSeconds = config.timeoutSeconds ?? 3;
    const memorySizeMb = config.memorySizeMb ?? 128;
    const maxInstances = config.maxInstances ?? 10;
    const reservedConcurrency = config.reservedConcurrency;
    if (!(timeoutSeconds > 0 && timeoutSeconds <= 900)) {
      throw new Error(`${config.name}: timeoutSeconds must be more than 0 and at most 900, got ${timeoutSeconds}`);
    }
    if (!Number.isInteger(memorySizeMb) || memorySizeMb < 128 || memorySizeMb > 10_240) {
      throw new Error(`${config.name}: memorySizeMb must be a whole number from 128 to 10240, got ${memorySizeMb}`);
    }
    if (!Number.isInteger(maxInstances) || maxInstances < 1) {
      throw new Error(`${config.name}: maxInstances must be a whole number of at least 1, got ${maxInstances}`);
    }
    if (reservedConcurrency !== undefined && !(Number.isInteger(reservedConcurrency) && reservedConcurrency >= 0)) {
      throw new Error(
        `${config.name}: reservedConcurrency must be a whole number of at least 0, got ${reservedConcurrency}`,
      );
    }
    if (!existsSync(config.bundle)) {
      throw new Error(`${config.name}: the bundle ${config.bundle} does not exist; build it first`);
    }
    this.config = {
      name: config.name,
      bundle: config.bundle,
      handler: config.handler ?? 'handler',
      timeoutSeconds,
      memorySizeMb,
      maxInstances,
      reservedConcurrency,
      region: config.region ?? 'us-east-1',
      accountId: config.accountId ?? '123456789012',
      environment: { ...config.environment },
    };
    this.#log = options.log ?? (() => {});
    this.#initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
    this.#pool = new InstancePool(
      maxInstances,
      () => {
        this.#coldStarts += 1;
        return startInstance(this.#nextInstance++, this.config, this.#log);
      },
      (instance) => void instance.terminate(),
    );
  }

  /** Instances alive now (initializing, busy or idle). */
  get instanceCount(): number {
    return this.#pool.size;
  }

  /** How many instances were started, and how many invocations were sent to one. */
  get stats(): { readonly coldStarts: number; readonly invocations: number } {
    return { coldStarts: this.#coldStarts, invocations: this.#invocations };
  }

  #platform(instance: number, line: string): void {
    this.#log({ function: this.config.name, instance, stream: 'platform', line });
  }

  /**
   * Invokes the function with `event` (synchronously, as API Gateway does) and waits for its
   * outcome; `signal` ends a wait for a free instance (not an invocation already running, which
   * Lambda would finish too). Never rejects: every failure is an outcome.
   */
  async invoke(
    event: unknown,
    options: { readonly awsRequestId?: string; readonly signal?: AbortSignal } = {},
  ): Promise<InvocationOutcome> {
    const awsRequestId = options.awsRequestId ?? randomUUID();
    const text = JSON.stringify(event) ?? 'null';
    if (Buffer.byteLength(text) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      return failure('RequestTooLarge', 'RequestTooLargeException', 'Request must be smaller than 6291456 bytes');
    }
    if (this.#pool.closed) return failure('Throttled', 'ServiceException', `${this.config.name} is closed`);
    const reserved = this.config.reservedConcurrency;
    if (reserved !== undefined && this.#inFlight >= reserved) {
      return failure(
        'Throttled',
        'TooManyRequestsException',
        `Rate Exceeded: ${this.config.name} has ${reserved} invocations in flight, its reserved concurrency`,
      );
    }
    this.#inFlight += 1;
    try {
      return await this.#invokeOnInstance(text, awsRequestId, options.signal);
    } finally {
      this.#inFlight -= 1;
    }
  }

  async #invokeOnInstance(
    text: string,
    awsRequestId: string,
    signal: AbortSignal | undefined,
  ): Promise<InvocationOutcome> {
    const grant = await this.#pool.acquire(signal);
    if (grant === undefined) {
      return this.#pool.closed
        ? failure('Throttled', 'ServiceException', `${this.config.name} is closed`)
        : failure('Abandoned', 'Abandoned', `the caller stopped waiting for a free instance of ${this.config.name}`);
    }
    const { instance, coldStart } = grant;
    if (coldStart) {
      const init = await withTimeout(instance.ready, this.#initTimeoutMs);
      if (init === undefined || !init.ok) {
        const error = init?.error ?? {
          errorType: 'Runtime.InitTimeout',
          errorMessage: `the init of ${this.config.name} ran past ${this.#initTimeoutMs} ms`,
          trace: [],
        };
        this.#platform(instance.id, `INIT_REPORT Status: error\tError Type: ${error.errorType}`);
        this.#pool.discard(instance);
        return { ok: false, failure: 'InitError', error, instance: instance.id, coldStart };
      }
      this.#platform(instance.id, `INIT_REPORT Init Duration: ${init.initDurationMs.toFixed(2)} ms`);
    }
    return this.#run(instance, text, awsRequestId, coldStart);
  }

  async #run(instance: LambdaInstance, event: string, awsRequestId: string, coldStart: boolean) {
    const timeoutMs = this.config.timeoutSeconds * 1000;
    const started = Date.now();
    this.#invocations += 1;
    this.#platform(instance.id, `START RequestId: ${awsRequestId} Version: $LATEST`);
    const answer = await withTimeout(
      instance.send({ type: 'invoke', id: this.#nextInvocation++, awsRequestId, deadline: started + timeoutMs, event }),
      timeoutMs,
    );
    const durationMs = Date.now() - started;
    const report = () =>
      this.#platform(
        instance.id,
        `REPORT RequestId: ${awsRequestId}\tDuration: ${durationMs.toFixed(2)} ms\tMemory Size: ${this.config.memorySizeMb} MB`,
      );
    const base = { instance: instance.id, coldStart };
    if (answer === undefined) {
      const seconds = this.config.timeoutSeconds.toFixed(2);
      this.#platform(
        instance.id,
        `${new Date().toISOString()} ${awsRequestId} Task timed out after ${seconds} seconds`,
      );
      this.#platform(instance.id, `END RequestId: ${awsRequestId}`);
      report();
      this.#pool.discard(instance);
      const error = {
        errorType: 'Sandbox.Timedout',
        errorMessage: `Task timed out after ${seconds} seconds`,
        trace: [],
      };
      return { ok: false as const, failure: 'Timeout' as const, error, ...base };
    }
    this.#platform(instance.id, `END RequestId: ${awsRequestId}`);
    report();
    if (answer.type === 'exit') {
      this.#pool.discard(instance);
      return { ok: false as const, failure: 'Crashed' as const, error: answer.error, ...base };
    }
    this.#pool.release(instance);
    if (answer.type === 'error')
      return { ok: false as const, failure: 'Unhandled' as const, error: answer.error, ...base };
    if (answer.type !== 'result') throw new Error(`unexpected runtime message ${answer.type}`);
    if (Buffer.byteLength(answer.payload) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      return {
        ...failure(
          'ResponseTooLarge',
          'Function.ResponseSizeTooLarge',
          'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
        ),
        ...base,
      };
    }
    return { ok: true as const, payload: JSON.parse(answer.payload) as unknown, durationMs, ...base };
  }

  /** Ends every instance. Invocations still running end as `Crashed`, waiting ones as `Throttled`. */
  async close(): Promise<void> {
    await Promise.all(this.#pool.close().map((instance) => instance.terminate()));
  }
}

function failure(kind: InvocationFailure, errorType: string, errorMessage: string) {
  return { ok: false as const, failure: kind, error: { errorType, errorMessage, trace: [] } };
}
