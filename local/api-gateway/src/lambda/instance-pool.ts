/**
 * The instances of one function, as Lambda keeps them: an invocation takes an idle instance
 * (most recently used first), or starts a new one while fewer than `maxInstances` are alive,
 * or waits, oldest first, for the next one to come free or to be discarded (its place then
 * starts a new one). A wait ends early when the caller's signal aborts. Generic over what an
 * instance is, so the waiting rules are tested apart from worker threads.
 */

/** What an invocation got to run on: an idle instance, or a new one still to initialize. */
export interface Grant<I> {
  readonly instance: I;
  readonly coldStart: boolean;
}

export class InstancePool<I> {
  readonly #maxInstances: number;
  readonly #start: () => I;
  readonly #end: (instance: I) => void;
  readonly #alive = new Set<I>();
  readonly #idle: I[] = [];
  readonly #waiting: ((grant: Grant<I> | undefined) => void)[] = [];
  #closed = false;

  /** `start` makes a new instance, `end` ends one that leaves the pool. */
  constructor(maxInstances: number, start: () => I, end: (instance: I) => void) {
    this.#maxInstances = maxInstances;
    this.#start = start;
    this.#end = end;
  }

  /** Instances alive now (initializing, busy or idle). */
  get size(): number {
    return this.#alive.size;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #started(): Grant<I> {
    const instance = this.#start();
    this.#alive.add(instance);
    return { instance, coldStart: true };
  }

  /** An idle instance, a new one while under `maxInstances`, or the next one freed; `undefined` once `signal` aborts or the pool closes. */
  acquire(signal?: AbortSignal): Grant<I> | Promise<Grant<I> | undefined> {
    const idle = this.#idle.pop();
    if (idle !== undefined) return { instance: idle, coldStart: false };
    if (this.#alive.size < this.#maxInstances) return this.#started();
    if (signal?.aborted || this.#closed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      const onAbort = () => {
        const at = this.#waiting.indexOf(grant);
        if (at >= 0) this.#waiting.splice(at, 1);
        resolve(undefined);
      };
      const grant = (value: Grant<I> | undefined) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiting.push(grant);
    });
  }

  /** The instance is free again: to the oldest waiting invocation, or idle. */
  release(instance: I): void {
    if (this.#closed) {
      this.discard(instance);
      return;
    }
    const next = this.#waiting.shift();
    if (next === undefined) this.#idle.push(instance);
    else next({ instance, coldStart: false });
  }

  /** The instance leaves the pool (ended); its place starts a new one for the oldest waiting invocation. */
  discard(instance: I): void {
    if (!this.#alive.delete(instance)) return;
    const idle = this.#idle.indexOf(instance);
    if (idle >= 0) this.#idle.splice(idle, 1);
    this.#end(instance);
    const next = this.#closed ? undefined : this.#waiting.shift();
    next?.(this.#started());
  }

  /** Ends the waits (`undefined`) and hands back every instance, which the caller ends. */
  close(): I[] {
    this.#closed = true;
    for (const waiting of this.#waiting.splice(0)) waiting(undefined);
    const all = [...this.#alive];
    this.#alive.clear();
    this.#idle.length = 0;
    return all;
  }
}
