import { describe, expect, it } from 'vitest';
import { LOCKOUT_RESET_MS, SignInLockout } from './sign-in-lockout.js';

/** A lockout on a clock the test moves. */
function lockoutAt(start: number, settings?: ConstructorParameters<typeof SignInLockout>[1]) {
  const clock = { now: start };
  return { clock, lockout: new SignInLockout(() => clock.now, settings) };
}

function fail(lockout: SignInLockout, key: string, times: number): void {
  for (let i = 0; i < times; i++) lockout.recordFailure(key);
}

describe('SignInLockout', () => {
  it('allows four failures, then locks out for one second as Cognito does', () => {
    // prepare
    const { lockout } = lockoutAt(1_000_000);

    // act
    fail(lockout, 'user:a', 4);
    const afterFour = lockout.lockedFor('user:a');
    lockout.recordFailure('user:a');

    // assert
    expect(afterFour).toBe(0);
    expect(lockout.lockedFor('user:a')).toBe(1000);
    expect(lockout.lockedFor('user:b')).toBe(0);
  });

  it('doubles the lockout with each further failure, up to the maximum', () => {
    // prepare
    const { clock, lockout } = lockoutAt(0, { firstLockoutMs: 1000, maxLockoutMs: 10_000 });
    fail(lockout, 'k', 5);
    const waits: number[] = [];

    // act
    for (let failure = 6; failure <= 10; failure++) {
      clock.now += lockout.lockedFor('k');
      lockout.recordFailure('k');
      waits.push(lockout.lockedFor('k'));
    }

    // assert
    expect(waits).toEqual([2000, 4000, 8000, 10_000, 10_000]);
  });

  it('starts the count again after a success, or after fifteen quiet minutes', () => {
    // prepare
    const { clock, lockout } = lockoutAt(0);
    fail(lockout, 'succeeded', 4);
    fail(lockout, 'quiet', 4);

    // act
    lockout.recordSuccess('succeeded');
    lockout.recordFailure('succeeded');
    clock.now += LOCKOUT_RESET_MS;
    lockout.recordFailure('quiet');

    // assert
    expect(lockout.lockedFor('succeeded')).toBe(0);
    expect(lockout.lockedFor('quiet')).toBe(0);
  });

  it('never locks out when the first lockout is 0, and refuses a negative duration', () => {
    // prepare
    const { lockout } = lockoutAt(0, { firstLockoutMs: 0 });

    // act
    fail(lockout, 'k', 50);

    // assert
    expect(lockout.lockedFor('k')).toBe(0);
    expect(() => new SignInLockout(() => 0, { maxLockoutMs: -1 })).toThrow(/maxLockoutMs must be a number/);
  });
});
