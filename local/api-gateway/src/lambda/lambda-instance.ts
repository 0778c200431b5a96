/**
 * One instance of a Lambda function: a worker thread (`worker-runtime.ts`) with its own module
 * registry and its own `process.env` (the function's environment and Lambda's reserved
 * variables, nothing of the host's), importing the bundle once, at its cold start. It serves one
 * invocation at a time; what it writes to stdout and stderr goes, line by line, to the log sink.
 * The pool of instances and the invocations are `lambda-function.ts`'s.
 */
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import type { FunctionError, InvokeMessage, RuntimeMessage, WorkerData } from './protocol.js';

export interface FunctionLogLine {
  readonly function: string;
  /** Which instance (1, 2, …): each has its own log stream on Lambda. */
  readonly instance: number;
  /** `platform` for Lambda's own START, END, REPORT and timeout lines. */
  readonly stream: 'stdout' | 'stderr' | 'platform';
  readonly line: string;
}

export type FunctionLogSink = (line: FunctionLogLine) => void;

const RUNTIME_FILE = new URL(
  import.meta.url.endsWith('.ts') ? './worker-runtime.ts' : './worker-runtime.js',
  import.meta.url,
);

interface Pending {
  readonly id: number;
  readonly resolve: (message: RuntimeMessage | { type: 'exit'; error: FunctionError }) => void;
}

/** One instance: a worker thread, busy with at most one invocation. */
export class LambdaInstance {
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

/** What an instance is started from: the function's settings, resolved. */
export interface InstanceSettings {
  readonly name: string;
  readonly bundle: string;
  readonly handler: string;
  readonly memorySizeMb: number;
  readonly region: string;
  readonly accountId: string;
  readonly environment: Readonly<Record<string, string>>;
}

function logStreamOf(instance: number): string {
  return `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]local${String(instance).padStart(4, '0')}`;
}

/** The instance's `process.env`: Lambda's reserved variables, then the function's own (which may override them). */
function environmentOf(settings: InstanceSettings, instance: number): Record<string, string> {
  const { name, region, memorySizeMb, bundle, handler } = settings;
  return {
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMb),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamOf(instance),
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
    ...settings.environment,
  };
}

/** Starts instance number `id` of the function; its init runs at once (`ready` says how it went). */
export function startInstance(id: number, settings: InstanceSettings, log: FunctionLogSink): LambdaInstance {
  const { name, region, accountId, bundle, handler, memorySizeMb } = settings;
  return new LambdaInstance(
    id,
    {
      functionName: name,
      bundle,
      handlerExport: handler,
      memorySizeMb,
      invokedFunctionArn: `arn:aws:lambda:${region}:${accountId}:function:${name}`,
      logGroupName: `/aws/lambda/${name}`,
      logStreamName: logStreamOf(id),
    },
    environmentOf(settings, id),
    memorySizeMb,
    log,
  );
}
