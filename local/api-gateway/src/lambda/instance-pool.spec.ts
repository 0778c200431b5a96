import { describe, expect, it } from 'vitest';
import { InstancePool } from './instance-pool.js';

function pool(maxInstances: number) {
  let next = 1;
  const ended: number[] = [];
  const subject = new InstancePool<number>(
    maxInstances,
    () => next++,
    (instance) => ended.push(instance),
  );
  return { subject, ended };
}

describe('InstancePool', () => {
  it('starts instances up to its maximum, then reuses the most recently released first', async () => {
    const { subject } = pool(2);

    const first = await subject.acquire();
    const second = await subject.acquire();
    subject.release(first!.instance);
    subject.release(second!.instance);
    const reused = await subject.acquire();

    expect([first, second]).toEqual([
      { instance: 1, coldStart: true },
      { instance: 2, coldStart: true },
    ]);
    expect(reused).toEqual({ instance: 2, coldStart: false });
    expect(subject.size).toBe(2);
  });

  it('makes invocations past the maximum wait, oldest first, for the next released instance', async () => {
    const { subject } = pool(1);
    const held = await subject.acquire();

    const waiting = [subject.acquire(), subject.acquire()];
    subject.release(held!.instance);
    const firstServed = await waiting[0];
    subject.release(firstServed!.instance);

    expect(firstServed).toEqual({ instance: 1, coldStart: false });
    expect(await waiting[1]).toEqual({ instance: 1, coldStart: false });
    expect(subject.size).toBe(1);
  });

  it('starts a new instance for the oldest waiting invocation when one is discarded', async () => {
    const { subject, ended } = pool(1);
    const held = await subject.acquire();
    const waiting = subject.acquire();

    subject.discard(held!.instance);

    expect(await waiting).toEqual({ instance: 2, coldStart: true });
    expect(ended).toEqual([1]);
  });

  it('ends a wait when its signal aborts, and gives the freed instance to the next in line', async () => {
    const { subject } = pool(1);
    const held = await subject.acquire();
    const impatient = new AbortController();
    const abandoned = subject.acquire(impatient.signal);
    const patient = subject.acquire();

    impatient.abort();
    subject.release(held!.instance);

    expect(await abandoned).toBeUndefined();
    expect(await patient).toEqual({ instance: 1, coldStart: false });
  });

  it('ends every wait when it closes, and hands back every instance', async () => {
    const { subject } = pool(1);
    await subject.acquire();
    const waiting = subject.acquire();

    const instances = subject.close();

    expect(await waiting).toBeUndefined();
    expect(instances).toEqual([1]);
    expect(subject.size).toBe(0);
    expect(await subject.acquire()).toEqual({ instance: 2, coldStart: true });
  });
});
