/**
 * The Lambda runtime inside one instance: this file is the entry of a worker thread, so every
 * instance has its own module registry (the bundle is imported once, at init, as on Lambda;
 * its top-level code, a top-level `await` included, is the cold start) and its own
 * `process.env`. It then answers one invocation at a time with the handler's result as JSON,
 * or the error as Lambda reports it. `console` writes Lambda's text log lines
 * (`time<TAB>requestId<TAB>LEVEL<TAB>message`) to stdout, which the gateway hands to its log
 * sink.
 *
 * Node runs this file as it is (type stripping, no build step, no imports but Node's), so it
 * uses erasable TypeScript only.
 */
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { parentPort, workerData } from 'node:worker_threads';
import type { FunctionError, InvokeMessage, RuntimeMessage, WorkerData } from './protocol.js';

const port = parentPort!;
const data = workerData as WorkerData;
let currentRequestId: string | undefined;

function post(message: RuntimeMessage): void {
  port.postMessage(message);
}

function functionError(error: unknown, fallbackType = 'Error'): FunctionError {
  if (error instanceof Error) {
    return {
      errorType: error.name || fallbackType,
      errorMessage: error.message,
      trace: (error.stack ?? '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: typeof error === 'string' ? error : format(error), trace: [] };
}

function patchConsole(): void {
  const write =
    (level: string) =>
    (...args: unknown[]) => {
      const text = format(...args).replaceAll('\n', '\r');
      process.stdout.write(`${new Date().toISOString()}\t${currentRequestId ?? 'undefined'}\t${level}\t${text}\n`);
    };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = write('TRACE');
}

type Handler = (event: unknown, context: unknown) => unknown;

async function init(): Promise<Handler | undefined> {
  const started = performance.now();
  try {
    const module = (await import(pathToFileURL(data.bundle).href)) as Record<string, unknown>;
    const handler = module[data.handlerExport];
    if (typeof handler !== 'function') {
      const error = new Error(`${data.bundle} does not export a function named ${data.handlerExport}`);
      error.name = 'Runtime.HandlerNotFound';
      throw error;
    }
    post({ type: 'ready', initDurationMs: performance.now() - started });
    return handler as Handler;
  } catch (error) {
    post({ type: 'init-error', error: functionError(error, 'Runtime.ImportModuleError') });
    return undefined;
  }
}

function contextOf(message: InvokeMessage) {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: data.functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: data.invokedFunctionArn,
    memoryLimitInMB: String(data.memorySizeMb),
    awsRequestId: message.awsRequestId,
    logGroupName: data.logGroupName,
    logStreamName: data.logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, message.deadline - Date.now()),
  };
}

async function invoke(handler: Handler, message: InvokeMessage): Promise<void> {
  currentRequestId = message.awsRequestId;
  try {
    const result = await handler(JSON.parse(message.event), contextOf(message));
    let payload: string;
    try {
      payload = JSON.stringify(result) ?? 'null';
    } catch (error) {
      post({ type: 'error', id: message.id, error: functionError(error, 'Runtime.MarshalError') });
      return;
    }
    post({ type: 'result', id: message.id, payload });
  } catch (error) {
    post({ type: 'error', id: message.id, error: functionError(error) });
  }
}

patchConsole();
// Listening before the import starts, so no invocation sent right after `ready` can be missed.
const loaded = init();
port.on('message', (message: InvokeMessage) => {
  if (message.type !== 'invoke') return;
  void loaded.then((handler) => (handler === undefined ? undefined : invoke(handler, message)));
});
