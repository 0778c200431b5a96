import { describe, expect, it } from 'vitest';
import { MemoryStateStorage } from '../pool/storage.js';
import { UserPool } from '../pool/user-pool.js';
import { createCapturingLogger } from '../testing/capturing-logger.js';
import { checkAuthorizationRequest, redirectUriProblem } from './authorization-request.js';

function pool(): UserPool {
  return UserPool.open({
    region: 'us-east-1',
    storage: new MemoryStateStorage(),
    logger: createCapturingLogger().logger,
    now: Date.now,
  });
}

function query(userPool: UserPool, params: Record<string, string>): string {
  return new URLSearchParams({
    client_id: userPool.appClient.clientId,
    response_type: 'code',
    redirect_uri: 'http://localhost:3000/callback',
    ...params,
  }).toString();
}

describe('checkAuthorizationRequest', () => {
  it('grants all the client scopes when none is asked for, and drops known scopes the client lacks', () => {
    // prepare
    const userPool = pool();

    // act
    const all = checkAuthorizationRequest(userPool, query(userPool, {}));
    const some = checkAuthorizationRequest(userPool, query(userPool, { scope: 'openid phone notes/read' }));

    // assert
    expect(all.kind === 'valid' && all.request.scopes).toEqual([
      'openid',
      'email',
      'profile',
      'notes/read',
      'notes/write',
    ]);
    expect(some.kind === 'valid' && some.request.scopes).toEqual(['openid', 'notes/read']);
  });

  it('refuses repeated parameters after the client is known', () => {
    // prepare
    const userPool = pool();

    // act
    const check = checkAuthorizationRequest(userPool, `${query(userPool, { state: 'a' })}&state=b`);

    // assert
    expect(check).toMatchObject({ kind: 'redirect-error', error: 'invalid_request' });
  });

  it('refuses a machine client with no callback on the page', () => {
    // prepare
    const userPool = pool();

    // act
    const check = checkAuthorizationRequest(userPool, query(userPool, { client_id: userPool.m2mClient.clientId }));

    // assert
    expect(check).toMatchObject({ kind: 'page-error', error: 'redirect_mismatch' });
  });
});

describe('redirectUriProblem', () => {
  it('allows https and http://localhost only, never a fragment', () => {
    // act / assert
    expect(redirectUriProblem('https://app.example.com/cb')).toBeUndefined();
    expect(redirectUriProblem('http://localhost:3000/cb')).toBeUndefined();
    expect(redirectUriProblem('http://127.0.0.1:3000/cb')).toMatch(/HTTPS/);
    expect(redirectUriProblem('https://app.example.com/cb#x')).toMatch(/fragment/);
    expect(redirectUriProblem('/relative')).toMatch(/absolute/);
  });
});
