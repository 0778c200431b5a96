import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { createLocalCognitoApp } from './app.js';
import { startLocalCognito } from './server.js';
import { adminClient, createConfirmedUser, STRONG_PASSWORD, tokenRequest } from './testing/admin.js';
import { createCapturingLogger } from './testing/capturing-logger.js';
import { signInWithHttp } from './testing/http-sign-in.js';

const CALLBACK = 'http://localhost:3000/callback';
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'local-cognito-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('startLocalCognito', () => {
  it('keeps the pool, clients, keys and users in the data folder across a restart', async () => {
    // prepare
    const dataDir = tempDir();
    const first = await startLocalCognito({ port: 0, dataDir, logger: createCapturingLogger().logger });
    const { email, username } = await createConfirmedUser(first);
    const jwksBefore = await (await fetch(first.jwksUri)).json();
    await first.close();

    // act
    const second = await startLocalCognito({ port: 0, dataDir, logger: createCapturingLogger().logger });
    cleanups.push(() => second.close());
    const sdk = adminClient(second);
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: second.userPoolId, Username: email }));
    sdk.destroy();
    const jwksAfter = await (await fetch(second.jwksUri)).json();
    const signIn = await signInWithHttp({
      url: second.url,
      clientId: second.clientId,
      redirectUri: CALLBACK,
      username: email,
      password: STRONG_PASSWORD,
    });

    // assert
    expect(second.userPoolId).toBe(first.userPoolId);
    expect([second.clientId, second.clientSecret, second.m2mClientId, second.m2mClientSecret]).toEqual([
      first.clientId,
      first.clientSecret,
      first.m2mClientId,
      first.m2mClientSecret,
    ]);
    expect(jwksAfter).toEqual(jwksBefore);
    expect(user.Username).toBe(username);
    expect(signIn.code).toBeTruthy();
    expect(readdirSync(dataDir).sort()).toEqual(['keys.json', 'pool.json', 'users.json']);
    expect(readFileSync(join(dataDir, 'users.json'), 'utf8')).not.toContain(STRONG_PASSWORD);
  });

  it('says which port is taken and how to choose another', async () => {
    // prepare
    const first = await startLocalCognito({ port: 0, logger: createCapturingLogger().logger });
    cleanups.push(() => first.close());
    const port = Number(new URL(first.url).port);

    // act
    const second = startLocalCognito({ port, logger: createCapturingLogger().logger });

    // assert
    await expect(second).rejects.toThrow(
      new RegExp(`port ${port} on .* is in use, so the local Cognito cannot start: set COGNITO_PORT`),
    );
  });

  it('refuses a callback URL that Cognito would refuse', async () => {
    // act
    const started = startLocalCognito({
      port: 0,
      callbackUrls: ['http://example.com/callback'],
      logger: createCapturingLogger().logger,
    });

    // assert
    await expect(started).rejects.toThrow(/callback URL http:\/\/example.com\/callback cannot be registered/);
  });
});

describe('setAppClientUrls', () => {
  it('registers a callback URL learnt after start, so managed login redirects to it', async () => {
    // prepare
    const cognito = await startLocalCognito({ port: 0, logger: createCapturingLogger().logger });
    cleanups.push(() => cognito.close());
    const { email } = await createConfirmedUser(cognito);
    const later = 'http://localhost:4321/callback';

    // act
    cognito.setAppClientUrls({ callbackUrls: [later], logoutUrls: ['http://localhost:4321/'] });
    const signIn = await signInWithHttp({
      url: cognito.url,
      clientId: cognito.clientId,
      redirectUri: later,
      username: email,
      password: STRONG_PASSWORD,
    });

    // assert
    expect(`${signIn.location.origin}${signIn.location.pathname}`).toBe(later);
    expect(signIn.code).toMatch(/^[0-9a-f-]{36}$/);
    expect(() => cognito.setAppClientUrls({ callbackUrls: ['http://example.com/callback'] })).toThrow(
      /callback URL http:\/\/example.com\/callback cannot be registered/,
    );
  });
});

describe('createLocalCognitoApp', () => {
  it('lets an authorization code expire after 5 minutes', async () => {
    // prepare
    let now = Date.now();
    const server = createServer();
    await listenOnLoopback(server, 'the test server');
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    const url = `http://localhost:${(server.address() as AddressInfo).port}`;
    const built = await createLocalCognitoApp({
      publicUrl: url,
      logger: createCapturingLogger().logger,
      now: () => now,
    });
    server.on('request', built.app);
    const cognito = { ...built, url };
    const { email } = await createConfirmedUser(cognito);
    const sign = () =>
      signInWithHttp({
        url,
        clientId: built.clientId,
        redirectUri: CALLBACK,
        username: email,
        password: STRONG_PASSWORD,
      });
    const exchange = (code: string) =>
      tokenRequest(
        cognito,
        { grant_type: 'authorization_code', code, redirect_uri: CALLBACK },
        { basic: { id: built.clientId, secret: built.clientSecret } },
      );
    const early = await sign();
    const late = await sign();

    // act
    now += 4 * 60 * 1000 + 59 * 1000;
    const justInTime = await exchange(early.code as string);
    now += 2 * 1000;
    const tooLate = await exchange(late.code as string);

    // assert
    expect(justInTime.status).toBe(200);
    expect(tooLate).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});
