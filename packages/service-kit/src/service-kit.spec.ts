import { createServer } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { stopOnSignals } from './lifecycle.js';
import { isPortInUse, listen, PortInUseError } from './listen.js';

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
