/**
 * The logs of a full end-to-end run hold no secret: the local stack as `npm start` runs it, in
 * each runtime (Express; the Lambda functions behind the local API Gateway with each authorizer),
 * goes through everything a user and a client do (an invitation with a temporary password, the
 * forced change, a wrong password, managed login and the code exchange with the client secret,
 * the refresh and client-credentials grants, the JSON API's sign-in, userInfo, GetUser, every
 * route of the API with ID, access and machine tokens, forged tokens, a broken body, revocation)
 * and then every log line every service wrote, and anything written to stdout or stderr, is
 * searched for the actual values used: tokens (whole, and their signatures), passwords, client
 * secrets, authorization codes and notes' contents (and titles), as written, JSON-escaped and
 * URL-encoded.
 */
import { randomBytes } from 'node:crypto';
import {
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ENTRYPOINT_ANSWERS } from '@secure-notes/http-api';
import { secretHash, signInWithHttp, tokenRequest } from '@secure-notes/local-cognito/testing';
import { afterAll, describe, expect, it } from 'vitest';
import { lambdaFunctionsOf } from '../../testing/lambda-instances.js';
import { type RawClient, rawClient } from '../../testing/security/raw-http.js';
import { report } from '../../testing/security/report.js';
import {
  entrypointOfRuntime,
  RUNTIMES,
  type RuntimeName,
  runtimeChoiceOf,
} from '../../testing/security/security-environment.js';
import { adminClient, inviteUser, signInWithCode, startTestStack, subOf, type TestStack } from '../../testing/stack.js';

const started: TestStack[] = [];

afterAll(async () => {
  for (const running of started) await running.stack.close();
});

/** A value no log could hold by chance. */
function unique(label: string): string {
  return `${label}-${randomBytes(9).toString('base64url')}`;
}

/** Copies of what the process writes to stdout and stderr while `run` runs. */
async function capturingOutput<T>(run: () => Promise<T>): Promise<{ result: T; output: string }> {
  const chunks: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write.bind(stream));
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return (originals[i] as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
  });
  try {
    return { result: await run(), output: chunks.join('') };
  } finally {
    streams.forEach((stream, i) => {
      stream.write = originals[i] as typeof stream.write;
    });
  }
}

/** The forms a value takes in a log line: as written, inside a JSON string, in a URL or a form. */
function formsOf(value: string): string[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)])];
}

/** Everything secret in a token: the whole of it, and for a JWT its signature alone. */
function tokenSecrets(name: string, token: string | undefined): [string, string][] {
  if (token === undefined) return [];
  const parts = token.split('.');
  return parts.length === 3
    ? [
        [name, token],
        [`${name} (signature)`, parts[2] as string],
      ]
    : [[name, token]];
}

/** Runs the whole journey against one stack and returns every secret it used, by name. */
async function journey(
  running: TestStack,
  runtime: RuntimeName,
): Promise<{ secrets: [string, string][]; userId: string }> {
  const { stack } = running;
  const cognito = stack.cognito;
  if (cognito === undefined) throw new Error('the stack has no local Cognito');
  const email = `${unique('log')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')}@example.com`;
  const temporary = `${unique('Tmp')}-Aa9!`;
  const permanent = `${unique('Perm')}-Bb8!`;
  const wrong = `${unique('Wrong')}-Cc7!`;
  const contents = [
    unique('content-created'),
    unique('content-changed'),
    unique('content-keyed'),
    unique('content-in-broken-json'),
  ];
  const titles = [unique('title-created'), unique('title-keyed')];
  let userId = '';
  const secrets: [string, string][] = [
    ['the temporary password', temporary],
    ['the new password', permanent],
    ['a wrong password', wrong],
    ['the app client secret', cognito.clientSecret],
    ['the machine client secret', cognito.m2mClientSecret],
    ...contents.map((content, i): [string, string] => [`note content ${i + 1}`, content]),
    ...titles.map((title, i): [string, string] => [`note title ${i + 1}`, title]),
  ];

  // Part II: an administrator invites the user with a temporary password.
  const admin = adminClient(stack);
  try {
    await inviteUser(stack, email, temporary, { name: 'Log Search' });

    // Part III: managed login with the forced change, a wrong password, a second sign-in; the codes exchanged.
    const scope = 'openid email profile notes/read notes/write';
    const first = await signInWithCode(stack, email, { password: temporary, newPassword: permanent, scope });
    const refused = await signInWithHttp({
      url: cognito.url,
      clientId: cognito.clientId,
      redirectUri: stack.callbackUrl,
      username: email,
      password: wrong,
    }).catch((error: unknown) => ({ code: undefined, error }));
    expect(refused.code).toBeUndefined();
    const second = await signInWithCode(stack, email, { password: permanent, scope });
    secrets.push(['an authorization code', first.code], ['another authorization code', second.code]);
    userId = subOf(first.tokens.id_token);
    for (const [label, tokens] of [
      ['first', first.tokens],
      ['second', second.tokens],
    ] as const) {
      secrets.push(
        ...tokenSecrets(`the ${label} ID token`, tokens.id_token),
        ...tokenSecrets(`the ${label} access token`, tokens.access_token),
        ...tokenSecrets(`the ${label} refresh token`, tokens.refresh_token),
      );
    }

    const refreshed = (
      await tokenRequest(
        cognito,
        { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token },
        { basic: { id: cognito.clientId, secret: cognito.clientSecret } },
      )
    ).body as { id_token: string; access_token: string };
    const machine = (
      await tokenRequest(
        cognito,
        { grant_type: 'client_credentials', scope: 'notes/read' },
        { basic: { id: cognito.m2mClientId, secret: cognito.m2mClientSecret } },
      )
    ).body as { access_token: string };
    secrets.push(
      ...tokenSecrets('the refreshed ID token', refreshed.id_token),
      ...tokenSecrets('the refreshed access token', refreshed.access_token),
      ...tokenSecrets('the machine access token', machine.access_token),
    );

    // The JSON API's own sign-in (the password in the body), then GetUser and userInfo.
    const session = await admin.send(
      new InitiateAuthCommand({
        ClientId: cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: email,
          PASSWORD: permanent,
          SECRET_HASH: secretHash(cognito.clientId, cognito.clientSecret, email),
        },
      }),
    );
    const sessionTokens = session.AuthenticationResult;
    secrets.push(
      ...tokenSecrets('the JSON API’s ID token', sessionTokens?.IdToken),
      ...tokenSecrets('the JSON API’s access token', sessionTokens?.AccessToken),
      ...tokenSecrets('the JSON API’s refresh token', sessionTokens?.RefreshToken),
    );
    await admin.send(new GetUserCommand({ AccessToken: sessionTokens?.AccessToken }));
    const info = await fetch(`${cognito.url}/oauth2/userInfo`, {
      headers: { authorization: `Bearer ${second.tokens.access_token}` },
    });
    expect(info.status).toBe(200);

    // Part VII: every route, with every kind of token the entrypoint takes, and what an attacker sends.
    const answers = ENTRYPOINT_ANSWERS[entrypointOfRuntime(runtime)];
    const client: RawClient = rawClient(stack.baseUrl);
    try {
      const id = first.tokens.id_token;
      const access = answers.acceptsAccessTokens ? refreshed.access_token : refreshed.id_token;
      const call = async (
        method: string,
        path: string,
        authorization: string,
        body?: string,
        headers: [string, string][] = [],
      ) =>
        client.send({
          method,
          path,
          headers: [['authorization', authorization], ...headers],
          ...(body === undefined ? {} : { body }),
        });

      const created = await call('POST', '/notes', id, JSON.stringify({ title: titles[0], content: contents[0] }));
      expect(created.status).toBe(201);
      const noteId = (created.json as { noteId: string }).noteId;
      expect((await call('GET', `/notes/${noteId}`, `Bearer ${id}`)).status).toBe(200);
      expect((await call('GET', '/notes', access)).status).toBe(200);
      const changed = await call('PATCH', `/notes/${noteId}`, access, JSON.stringify({ content: contents[1] }), [
        ['if-match', '"1"'],
      ]);
      expect(changed.status).toBe(200);
      const keyed = await call('POST', '/notes', id, JSON.stringify({ title: titles[1], content: contents[2] }), [
        ['idempotency-key', unique('key')],
      ]);
      expect(keyed.status).toBe(201);
      expect((await call('POST', '/notes', id, `{"title":"broken","content":"${contents[3]}"`)).status).toBe(400);
      const forged = `${id.slice(0, id.lastIndexOf('.'))}.${id
        .slice(id.lastIndexOf('.') + 1)
        .split('')
        .reverse()
        .join('')}`;
      secrets.push(...tokenSecrets('a forged token', forged));
      expect((await call('GET', '/notes', forged)).status).toBe(401);
      expect((await call('GET', '/notes', `${id}x`)).status).toBe(401);
      if (answers.acceptsAccessTokens) expect((await call('GET', '/notes', machine.access_token)).status).toBe(200);
      expect((await call('DELETE', `/notes/${noteId}`, id)).status).toBe(204);
    } finally {
      client.close();
    }

    // Revocation: the refresh token through the JSON API and the OAuth endpoint, then everywhere.
    await admin.send(
      new RevokeTokenCommand({
        Token: second.tokens.refresh_token,
        ClientId: cognito.clientId,
        ClientSecret: cognito.clientSecret,
      }),
    );
    const revoked = await fetch(`${cognito.url}/oauth2/revoke`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from(`${cognito.clientId}:${cognito.clientSecret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: first.tokens.refresh_token }),
    });
    expect(revoked.status).toBe(200);
    await admin.send(new GlobalSignOutCommand({ AccessToken: sessionTokens?.AccessToken }));
  } finally {
    admin.destroy();
  }
  return { secrets, userId };
}

/** Waits, up to a bound, until the gateway has logged the end of every invocation (function logs come through worker threads). */
async function logsSettled(running: TestStack): Promise<void> {
  if (running.stack.apiRuntime !== 'lambda') return;
  const functions = lambdaFunctionsOf(running.stack);
  const invocations = () => [...functions.values()].reduce((sum, fn) => sum + fn.stats.invocations, 0);
  const ends = () => running.log.lines.filter((line) => line.includes('END RequestId')).length;
  const deadline = Date.now() + 10_000;
  while (ends() < invocations() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(ends()).toBe(invocations());
}

describe.each(RUNTIMES)('the logs of a full run on %s', (runtime) => {
  it('hold no token, password, client secret, authorization code or note content', async () => {
    const startedAt = performance.now();
    const running = await startTestStack(runtimeChoiceOf(runtime));
    started.push(running);
    const { result, output } = await capturingOutput(async () => {
      const used = await journey(running, runtime);
      await logsSettled(running);
      return used;
    });
    const { secrets, userId } = result;
    const logged = running.log.text;
    const services = [...new Set([...logged.matchAll(/"service":"([a-z]+)"/g)].map((match) => match[1]))].sort();

    const found = secrets.flatMap(([name, value]) =>
      formsOf(value).some((form) => logged.includes(form) || output.includes(form)) ? [name] : [],
    );
    report(
      'logs',
      runtime,
      {
        lines: running.log.lines.length,
        services: services.join(','),
        secretsSearched: secrets.length,
        found: found.length,
      },
      startedAt,
    );

    // The search sees the logs: every service wrote, and a value that may be logged (the user's sub) is found.
    expect(services).toEqual(
      expect.arrayContaining(runtime === 'express' ? ['api', 'cognito'] : ['cognito', 'gateway', 'lambda']),
    );
    expect(logged).toContain(userId);
    expect(secrets.length).toBeGreaterThan(30);
    expect(found).toEqual([]);
  });
});
