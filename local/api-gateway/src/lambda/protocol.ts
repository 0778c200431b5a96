/**
 * The messages between the gateway and one Lambda instance (a worker thread running
 * `worker-runtime.ts`). Events and results cross as JSON text, as they cross Lambda's Runtime
 * API, so a value JSON cannot carry (a function, `undefined`, a cycle) behaves as on Lambda.
 */

/** What a worker is started with. */
export interface WorkerData {
  readonly functionName: string;
  /** Absolute path of the bundle's module file. */
  readonly bundle: string;
  /** The exported function to call: `handler` for `index.handler`. */
  readonly handlerExport: string;
  readonly memorySizeMb: number;
  readonly invokedFunctionArn: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

export interface InvokeMessage {
  readonly type: 'invoke';
  readonly id: number;
  readonly awsRequestId: string;
  /** Epoch milliseconds at which the invocation times out. */
  readonly deadline: number;
  /** The event as JSON text. */
  readonly event: string;
}

/** An error as Lambda reports it: `{"errorType":"Error","errorMessage":"Unauthorized","trace":[…]}`. */
export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

export type RuntimeMessage =
  | { readonly type: 'ready'; readonly initDurationMs: number }
  | { readonly type: 'init-error'; readonly error: FunctionError }
  | { readonly type: 'result'; readonly id: number; readonly payload: string }
  | { readonly type: 'error'; readonly id: number; readonly error: FunctionError };
