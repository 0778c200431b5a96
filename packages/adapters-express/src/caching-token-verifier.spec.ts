import { randomUUID } from 'node:crypto';
import { type Principal, type TokenVerifier, UnauthenticatedError } from '@secure-notes/domain';
import { aPrincipal } from '@secure-notes/domain/testing';
import { describe, expect, it } from 'vitest';
import { CachingTokenVerifier } from './caching-token-verifier.js';

/** A verifier that counts its calls and answers from a table, like a slow signature check would. */
class CountingVerifier implements TokenVerifier {
  readonly principals = new Map<string, Principal>();
  calls = 0;
  failNext: Error | undefined;

  async verify(token: string): Promise<Principal> {
    this.calls += 1;
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    const principal = this.principals.get(token);
    if (!principal) throw new UnauthenticatedError('invalid', 'unknown token');
    return principal;
  }
}

class FakeTime {
  ms = Date.parse('2026-03-01T12:00:00.000Z');
  readonly now = () => this.ms;
  advanceSeconds(seconds: number): void {
    this.ms += seconds * 1000;
  }
}

function fixture(options: { max?: number; maxTtlSeconds?: number } = {}) {
  const inner = new CountingVerifier();
  const time = new FakeTime();
  const verifier = new CachingTokenVerifier(inner, { ...options, now: time.now });
  const register = (expiresInSeconds: number | undefined): { token: string; principal: Principal } => {
    const token = `token-${randomUUID()}`;
    const principal = aPrincipal(
      expiresInSeconds === undefined ? {} : { expiresAt: Math.floor(time.ms / 1000) + expiresInSeconds },
    );
    inner.principals.set(token, principal);
    return { token, principal };
  };
  return { inner, time, verifier, register };
}

describe('CachingTokenVerifier', () => {
  it('checks a token once and serves it from memory afterwards', async () => {
    const { inner, verifier, register } = fixture();
    const { token, principal } = register(3600);

    const first = await verifier.verify(token);
    const second = await verifier.verify(token);

    expect(first).toEqual(principal);
    expect(second).toEqual(principal);
    expect(inner.calls).toBe(1);
  });

  it('never serves an entry past the token expiry', async () => {
    const { inner, time, verifier, register } = fixture({ maxTtlSeconds: 3600 });
    const { token } = register(60);
    await verifier.verify(token);

    time.advanceSeconds(59);
    await verifier.verify(token);
    const callsBeforeExpiry = inner.calls;
    time.advanceSeconds(1);
    inner.principals.delete(token);
    const afterExpiry = verifier.verify(token);

    expect(callsBeforeExpiry).toBe(1);
    await expect(afterExpiry).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(inner.calls).toBe(2);
  });

  it('keeps an entry no longer than maxTtlSeconds, even for a long-lived token', async () => {
    const { inner, time, verifier, register } = fixture({ maxTtlSeconds: 10 });
    const { token } = register(3600);
    await verifier.verify(token);

    time.advanceSeconds(11);
    await verifier.verify(token);

    expect(inner.calls).toBe(2);
  });

  it('does not cache a failure', async () => {
    const { inner, verifier, register } = fixture();
    const { token, principal } = register(3600);
    inner.failNext = new UnauthenticatedError('invalid', 'keys not loaded yet');

    const first = verifier.verify(token);
    await expect(first).rejects.toBeInstanceOf(UnauthenticatedError);
    const second = await verifier.verify(token);

    expect(second).toEqual(principal);
    expect(inner.calls).toBe(2);
  });

  it('does not cache a principal whose expiry is unknown or already past', async () => {
    const { inner, verifier, register } = fixture();
    const unknown = register(undefined);
    const past = register(-5);

    await verifier.verify(unknown.token);
    await verifier.verify(unknown.token);
    await verifier.verify(past.token);
    await verifier.verify(past.token);

    expect(inner.calls).toBe(4);
    expect(verifier.size).toBe(0);
  });

  it('holds at most max tokens, evicting the least recently used', async () => {
    const { inner, verifier, register } = fixture({ max: 2 });
    const a = register(3600);
    const b = register(3600);
    const c = register(3600);

    await verifier.verify(a.token);
    await verifier.verify(b.token);
    await verifier.verify(a.token);
    await verifier.verify(c.token);
    const callsAfterFilling = inner.calls;
    await verifier.verify(a.token);
    await verifier.verify(b.token);

    expect(callsAfterFilling).toBe(3);
    expect(verifier.size).toBe(2);
    expect(inner.calls).toBe(4);
  });

  it('keys entries by the whole token', async () => {
    const { inner, verifier, register } = fixture();
    const { token } = register(3600);
    await verifier.verify(token);

    const truncated = verifier.verify(token.slice(0, -1));

    await expect(truncated).rejects.toBeInstanceOf(UnauthenticatedError);
    expect(inner.calls).toBe(2);
  });

  it('checks a new token once when many requests carry it at the same time', async () => {
    const { inner, verifier, register } = fixture();
    const { token } = register(3600);

    const principals = await Promise.all([verifier.verify(token), verifier.verify(token), verifier.verify(token)]);

    expect(new Set(principals.map((p) => p.userId)).size).toBe(1);
    expect(inner.calls).toBe(1);
  });

  it('refuses a bound that is not a positive integer', () => {
    const make = () => new CachingTokenVerifier(new CountingVerifier(), { max: 0 });

    expect(make).toThrow(/max must be a positive integer/);
  });
});
