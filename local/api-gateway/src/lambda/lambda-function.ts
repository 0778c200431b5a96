/**
 * One Lambda function, run locally the way Lambda runs it, from its deployment bundle:
 *
 * - an instance is a worker thread (`worker-runtime.ts`) with its own module registry and its
 *   own `process.env` (the function's environment and Lambda's reserved variables, nothing of
 *   the host's); the bundle is imported once per instance, at its cold start;
 * - an instance serves one invocation at a time; an invocation that finds no idle instance
 *   starts another one (with its own cold start), up to `maxConcurrency`, past which Lambda
 *   throttles (API Gateway then answers 500);
 * - an invocation that runs past the function's timeout ends its instance (the worker is
 *   terminated, as Lambda ends the sandbox); an instance whose init fails or which crashes is
 *   discarded; the next invocation starts a fresh one;
 * - what the function writes to stdout and stderr goes, line by line, to the log sink, with
 *   Lambda's START, END and REPORT lines around each invocation.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { FunctionError, InvokeMessage, RuntimeMessage, WorkerData } from './protocol.js';

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
  /** How many instances may run at once; 10 by default. */
  readonly maxConcurrency?: number;
  /** The region in the function's ARN and `AWS_REGION`; us-east-1 by default. */
  readonly region?: string;
  /** The account id in the function's ARN; 123456789012 by default. */
  readonly accountId?: string;
}

export interface FunctionLogLine {
  readonly function: string;
  /** Which instance (1, 2, …): each has its own log stream on Lambda. */
  readonly instance: number;
  /** `platform` for Lambda's own START, END, REPORT and timeout lines. */
  readonly stream: 'stdout' | 'stderr' | 'platform';
  readonly line: string;
}

export type FunctionLogSink = (line: FunctionLogLine) => void;

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
  /** Every instance was busy at `maxConcurrency`. */
  | 'Throttled'
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

const RUNTIME_FILE = new URL(
  import.meta.url.endsWith('.ts') ? './worker-runtime.ts' : './worker-runtime.js',
  import.meta.url,
);

interface Pending {
  readonly id: number;
  readonly resolve: (message: RuntimeMessage | { type: 'exit'; error: FunctionError }) => void;
}

/** One instance: a worker thread, busy with at most one invocation. */
class LambdaInstance {
  readonly id: number;
  readonly worker: Worker;
  /** Resolves once the bundle is imported (or failed to be). */
  readonly ready: Promise<{ ok: true; initDurationMs: number } | { ok: false; error: FunctionError }>;
  #pending: Pending | undefined;
  #alive = true;
  #exitError: FunctionError | undefined;

  constructor(id: number, data: WorkerData, env: Record<string, string>, memorySizeMb: number, log: FunctionLogSink) {
    this.id = id;
    this.worker = new Worker(RUNTIME_FILE, {
      workerData: data,
      env,
      stdout: true,
      stderr: true,
      resourceLimits: { maxOldGenerationSizeMb: Math.max(32, memorySizeMb) },
    });
    for (const stream of ['stdout', 'stderr'] as const) {
      createInterface({ input: this.worker[stream], crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
        log({ function: data.functionName, instance: id, stream, line }),
      );
    }
    let settleReady: (value: Awaited<LambdaInstance['ready']>) => void = () => {};
    this.ready = new Promise((resolve) => {
      settleReady = resolve;
    });
    this.worker.on('message', (message: RuntimeMessage) => {
      if (message.type === 'ready') settleReady({ ok: true, initDurationMs: message.initDurationMs });
      else if (message.type === 'init-error') settleReady({ ok: false, error: message.error });
      else if (this.#pending?.id === message.id) {
        const pending = this.#pending;
        this.#pending = undefined;
        pending.resolve(message);
      }
    });
    this.worker.on('error', (error) => {
      this.#exitError = {
        errorType: error.name === 'Error' ? 'Runtime.ExitError' : error.name,
        errorMessage: error.message,
        trace: (error.stack ?? '').split('\n'),
      };
    });
    this.worker.on('exit', (code) => {
      this.#alive = false;
      const error = this.#exitError ?? {
        errorType: 'Runtime.ExitError',
        errorMessage: `Runtime exited with error: exit status ${code}`,
        trace: [],
      };
      settleReady({ ok: false, error });
      const pending = this.#pending;
      this.#pending = undefined;
      pending?.resolve({ type: 'exit', error });
    });
  }

  get alive(): boolean {
    return this.#alive;
  }

  /** Sends one invocation and waits for its answer, or for the instance to end. */
  send(message: InvokeMessage): Promise<RuntimeMessage | { type: 'exit'; error: FunctionError }> {
    if (this.#pending !== undefined) throw new Error('an instance serves one invocation at a time');
    return new Promise((resolve) => {
      this.#pending = { id: message.id, resolve };
      this.worker.postMessage(message);
    });
  }

  async terminate(): Promise<void> {
    this.#alive = false;
    await this.worker.terminate();
  }
}

/**
 * @example
 * const fn = new LambdaFunction({ name: 'NotesAPI', bundle: 'apps/lambda-notes/bundle/index.mjs', timeoutSeconds: 10,
 *   memorySizeMb: 256, environment: { NOTES_TABLE: 'Notes' } }, { log: (l) => console.log(l.line) });
 * const outcome = await fn.invoke(event);
 * if (outcome.ok) console.log(outcome.payload);
 * await fn.close();
 */
export class LambdaFunction {
  readonly config: Required<Omit<LambdaFunctionConfig, 'environment'>> & {
    readonly environment: Record<string, string>;
  };
  readonly #log: FunctionLogSink;
  readonly #initTimeoutMs: number;
  readonly #instances = new Set<LambdaInstance>();
  readonly #idle: LambdaInstance[] = [];
  #nextInstance = 1;
  #nextInvocation = 1;
  #coldStarts = 0;
  #invocations = 0;
  #closed = false;

  constructor(config: LambdaFunctionConfig, options: { log?: FunctionLogSink; initTimeoutMs?: number } = {}) {
    const timeoutSeconds = config.timeoutSeconds ?? 3;
    const memorySizeMb = config.memorySizeMb ?? 128;
    const maxConcurrency = config.maxConcurrency ?? 10;
    if (!(timeoutSeconds > 0 && timeoutSeconds <= 900)) {
      throw new Error(`${config.name}: timeoutSeconds must be more than 0 and at most 900, got ${timeoutSeconds}`);
    }
    if (!Number.isInteger(memorySizeMb) || memorySizeMb < 128 || memorySizeMb > 10_240) {
      throw new Error(`${config.name}: memorySizeMb must be a whole number from 128 to 10240, got ${memorySizeMb}`);
    }
    if (!Number.isInteger(maxConcurrency) || maxConcurrency < 1) {
      throw new Error(`${config.name}: maxConcurrency must be a whole number of at least 1, got ${maxConcurrency}`);
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
      maxConcurrency,
      region: config.region ?? 'us-east-1',
      accountId: config.accountId ?? '123456789012',
      environment: { ...config.environment },
    };
    this.#log = options.log ?? (() => {});
    this.#initTimeoutMs = options.initTimeoutMs ?? DEFAULT_INIT_TIMEOUT_MS;
  }

  /** Instances alive now (initializing, busy or idle). */
  get instanceCount(): number {
    return this.#instances.size;
  }

  /** How many instances were started, and how many invocations were sent to one. */
  get stats(): { readonly coldStarts: number; readonly invocations: number } {
    return { coldStarts: this.#coldStarts, invocations: this.#invocations };
  }

  #environment(instance: number): Record<string, string> {
    const { name, region, memorySizeMb, bundle, handler } = this.config;
    return {
      AWS_LAMBDA_FUNCTION_NAME: name,
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
      AWS_LAMBDA_LOG_STREAM_NAME: this.#logStream(instance),
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
      AWS_REGION: region,
      AWS_DEFAULT_REGION: region,
      // The function role's credentials on Lambda; placeholders locally, for emulators that accept any.
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_SESSION_TOKEN: 'local',
      LAMBDA_TASK_ROOT: dirname(bundle),
      _HANDLER: `index.${handler}`,
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: '/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin',
      ...this.config.environment,
    };
  }

  #logStream(instance: number): string {
    return `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local${String(instance).padStart(4, '0')}`;
  }

  #start(): LambdaInstance {
    const id = this.#nextInstance++;
    const { name, region, accountId, bundle, handler, memorySizeMb } = this.config;
    const instance = new LambdaInstance(
      id,
      {
        functionName: name,
        bundle,
        handlerExport: handler,
        memorySizeMb,
        invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${name}`,
        logGroupName: `/aws/lambda/${name}`,
        logStreamName: this.#logStream(id),
      },
      this.#environment(id),
      memorySizeMb,
      this.#log,
    );
    this.#instances.add(instance);
    this.#coldStarts += 1;
    return instance;
  }

  #discard(instance: LambdaInstance): void {
    this.#instances.delete(instance);
    const idle = this.#idle.indexOf(instance);
    if (idle >= 0) this.#idle.splice(idle, 1);
    void instance.terminate();
  }

  #platform(instance: number, line: string): void {
    this.#log({ function: this.config.name, instance, stream: 'platform', line });
  }

  /**
   * Invokes the function with `event` (synchronously, as API Gateway does) and waits for its
   * outcome. Never rejects: every failure is an outcome.
   */
  async invoke(event: unknown, options: { readonly awsRequestId?: string } = {}): Promise<InvocationOutcome> {
    const awsRequestId = options.awsRequestId ?? randomUUID();
    const text = JSON.stringify(event) ?? 'null';
    if (Buffer.byteLength(text) > LAMBDA_PAYLOAD_LIMIT_BYTES) {
      return failure('RequestTooLarge', 'RequestTooLargeException', 'Request must be smaller than 6291456 bytes');
    }
    if (this.#closed) return failure('Throttled', 'ServiceException', `${this.config.name} is closed`);
    let instance = this.#idle.pop();
    const coldStart = instance === undefined;
    if (instance === undefined) {
      if (this.#instances.size >= this.config.maxConcurrency) {
        return failure(
          'Throttled',
          'TooManyRequestsException',
          `Rate Exceeded: all ${this.config.maxConcurrency} instances of ${this.config.name} are busy (maxConcurrency)`,
        );
      }
      instance = this.#start();
      const init = await withTimeout(instance.ready, this.#initTimeoutMs);
      if (init === undefined || !init.ok) {
        const error = init?.error ?? {
          errorType: 'Runtime.InitTimeout',
          errorMessage: `the init of ${this.config.name} ran past ${this.#initTimeoutMs} ms`,
          trace: [],
        };
        this.#platform(instance.id, `INIT_REPORT Status: error\tError Type: ${error.errorType}`);
        this.#discard(instance);
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
      this.#discard(instance);
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
      this.#discard(instance);
      return { ok: false as const, failure: 'Crashed' as const, error: answer.error, ...base };
    }
    this.#release(instance);
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

  #release(instance: LambdaInstance): void {
    if (this.#closed) this.#discard(instance);
    else this.#idle.push(instance);
  }

  /** Ends every instance. Invocations still running end as `Crashed`. */
  async close(): Promise<void> {
    this.#closed = true;
    const all = [...this.#instances];
    this.#instances.clear();
    this.#idle.length = 0;
    await Promise.all(all.map((instance) => instance.terminate()));
  }
}

function failure(kind: InvocationFailure, errorType: string, errorMessage: string) {
  return { ok: false as const, failure: kind, error: { errorType, errorMessage, trace: [] } };
}

/** The promise's value, or `undefined` once `ms` have passed. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
