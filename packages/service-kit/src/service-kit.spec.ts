import { createServer, Server } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from './lifecycle.js';
import { isPortInUse, listen, listenOnLoopback, PortInUseError } from './listen.js';

describe('listen', () => {
  it('listens on the port the system picks for 0, and says which setting to change for a port in use', async () => {
    const first = createServer();
    const second = createServer();
    const port = await listen(first, { port: 0, host: '127.0.0.1', service: 'the test server', setting: 'TEST_PORT' });

    const taken = listen(second, { port, host: '127.0.0.1', service: 'the other server', setting: 'OTHER_PORT' });

    await expect(taken).rejects.toBeInstanceOf(PortInUseError);
    await expect(taken).rejects.toThrow(/the other server cannot start: set OTHER_PORT/);
    expect(isPortInUse(await taken.catch((error: unknown) => new Error('wrapped', { cause: error })))).toBe(true);
    await new Promise((resolve) => first.close(resolve));
  });
});

/**
 * A server on which the system answers EADDRINUSE for the first `busy` tries of port 0, as Linux
 * does while every ephemeral port is held (by connections in TIME_WAIT on a busy host).
 */
class ExhaustedRangeServer extends Server {
  tries = 0;

  constructor(private readonly busy: number) {
    super();
  }

  override listen(...args: unknown[]): this {
    this.tries += 1;
    if (this.tries <= this.busy) {
      const error = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1'), {
        code: 'EADDRINUSE',
      });
      process.nextTick(() => this.emit('error', error));
      return this;
    }
    return super.listen(...(args as Parameters<Server['listen']>));
  }
}

describe('listen on port 0 while no ephemeral port is free', () => {
  const quick = { attempts: 5, firstDelayMs: 1, maxDelayMs: 2 };

  it('tries again until the system frees a port, then listens on it', async () => {
    const server = new ExhaustedRangeServer(3);

    const port = await listen(server, {
      port: 0,
      host: '127.0.0.1',
      service: 'the test server',
      setting: 'TEST_PORT',
      retry: quick,
    });

    expect(server.tries).toBe(4);
    expect(port).toBeGreaterThan(0);
    expect(server.listening).toBe(true);
    await new Promise((resolve) => server.close(resolve));
  });

  it('gives up after its tries with an error that says the ephemeral ports are used up', async () => {
    const server = new ExhaustedRangeServer(Number.POSITIVE_INFINITY);

    const failed = listen(server, {
      port: 0,
      host: '127.0.0.1',
      service: 'the test server',
      setting: 'TEST_PORT',
      retry: quick,
    });

    await expect(failed).rejects.toBeInstanceOf(PortInUseError);
    await expect(failed).rejects.toThrow(
      /no free port on 127\.0\.0\.1 for the test server after 5 tries: the system's ephemeral ports are all in use/,
    );
    expect(server.tries).toBe(5);
  });

  it('never tries a fixed port in use again: that port will not come free by waiting', async () => {
    const holder = createServer();
    const port = await listenOnLoopback(holder, 'the holder');
    const server = new ExhaustedRangeServer(0);

    await expect(
      listen(server, { port, host: '127.0.0.1', service: 'the other', setting: 'OTHER_PORT', retry: quick }),
    ).rejects.toThrow(/port \d+ on 127\.0\.0\.1 is in use/);
    expect(server.tries).toBe(1);
    await new Promise((resolve) => holder.close(resolve));
  });
});

describe('stopOnSignals', () => {
  it('stops once on the first signal and exits 0, or 1 when stopping fails', async () => {
    const handlers = new Map<string, () => void>();
    const exits: number[] = [];
    const fake = {
      once: (signal: string, handler: () => void) => handlers.set(signal, handler),
      exit: (code: number) => exits.push(code),
    };
    const stop = vi.fn(async () => {});

    stopOnSignals(stop, { process: fake as never });
    handlers.get('SIGTERM')?.();
    handlers.get('SIGINT')?.();
    await vi.waitFor(() => expect(exits).toEqual([0]));

    expect(stop).toHaveBeenCalledTimes(1);
    const failing = new Map<string, () => void>();
    stopOnSignals(async () => Promise.reject(new Error('disk full')), {
      process: {
        once: (signal: string, handler: () => void) => failing.set(signal, handler),
        exit: (code: number) => exits.push(code),
      } as never,
    });
    failing.get('SIGINT')?.();
    await vi.waitFor(() => expect(exits).toEqual([0, 1]));
  });
});
