/**
 * The tutorial, Parts II to VII, against the local stack on one machine: an administrator
 * creates a user, the user signs in through managed login with the temporary password and
 * chooses a new one, the callback page gives the code and the curl command that exchanges it,
 * and the four curl requests of Part VII give the tutorial's statuses and bodies. Then the rest of
 * the API, two users who can never touch each other's notes, and a restart that keeps it all.
 *
 * It runs in every runtime: the Express server, and the Lambda bundles behind the local API
 * Gateway with each authorizer (the tutorial's Part VI, and Part VIII's TOKEN and REQUEST).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { signInWithHttp } from '@secure-notes/local-cognito/testing';
import { runUserCli } from '@secure-notes/local-stack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createUser,
  type Ports,
  type RuntimeChoice,
  restartTestStack,
  signIn,
  startTestStack,
  subOf,
  type TestStack,
  type Tokens,
} from './testing/stack.js';

const run = promisify(execFile);

/** Runs curl with the given arguments, plus output flags that only report the status. */
async function curl(...args: string[]): Promise<{ status: number; body: unknown }> {
  const { stdout } = await run('curl', [...args, '-sS', '-w', '\n%{http_code}']);
  const at = stdout.lastIndexOf('\n');
  const text = stdout.slice(0, at);
  return { status: Number(stdout.slice(at + 1)), body: text ? JSON.parse(text) : undefined };
}

function unescapeHtml(text: string): string {
  return text
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

const RUNTIMES: [name: string, runtime: RuntimeChoice][] = [
  ['the Express runtime', { apiRuntime: 'express' }],
  ['the Lambda runtime, AUTHORIZER=token', { apiRuntime: 'lambda', authorizer: 'token' }],
  ['the Lambda runtime, AUTHORIZER=cognito', { apiRuntime: 'lambda', authorizer: 'cognito' }],
  ['the Lambda runtime, AUTHORIZER=request', { apiRuntime: 'lambda', authorizer: 'request' }],
];

describe.each(RUNTIMES)('the tutorial walkthrough on the local stack, %s', (_name, runtime) => {
  let dataDir: string;
  let ports: Ports;
  let current: TestStack;
  let aliceTokens: Tokens;
  const alice = 'alice@example.com';
  const bob = 'bob@example.com';
  /** Where the routes start for the requests after Part VII: the root on Express, the stage behind API Gateway. */
  const apiBase = () => current.stack.baseUrl;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'secure-notes-walkthrough-'));
    current = await startTestStack({ dataDir, ...runtime });
    ports = current.ports;
  });

  afterAll(async () => {
    await current?.stack.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('Parts II–III: an invited user signs in, sets a password, and exchanges the code with the curl command shown', async () => {
    const { stack } = current;
    const cognito = stack.cognito!;
    const invitation = await runUserCli(['create', alice, 'Alice'], { COGNITO_ENDPOINT: cognito.url });
    const temporary = /temporary password is (\S+)/.exec(invitation)?.[1];
    expect(temporary).toBeDefined();

    const signedIn = await signInWithHttp({
      url: cognito.url,
      clientId: cognito.clientId,
      redirectUri: stack.callbackUrl,
      username: alice,
      password: temporary!,
      newPassword: 'Alice-New-Passw0rd!',
      scope: 'email openid profile',
    });
    const page = await fetch(signedIn.location);
    const html = await page.text();
    const command = unescapeHtml(/<code id="exchange">([\s\S]*?)<\/code>/.exec(html)?.[1] ?? '');
    const { stdout } = await run('bash', ['-c', command]);
    aliceTokens = JSON.parse(stdout) as Tokens;

    expect(signedIn.location.href.startsWith(stack.callbackUrl)).toBe(true);
    expect(page.status).toBe(200);
    expect(html).toContain('Successfully signed in');
    expect(html).toContain(signedIn.code);
    expect(command).toContain(`${cognito.url}/oauth2/token`);
    expect(aliceTokens).toMatchObject({ expires_in: 3600, token_type: 'Bearer' });
    expect(aliceTokens.id_token.split('.')).toHaveLength(3);
    expect(current.log.text).not.toContain(aliceTokens.id_token);
  });

  it('Part VII, Test One: a request without a token is rejected by the authorizer', async () => {
    const url = `${current.stack.apiUrl}/dev/notes`;

    const response = await curl(
      '-X',
      'POST',
      url,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{"title": "My first note", "content": "Hello world"}',
    );

    expect(response).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  });

  it('Part VII, Test Two: the id_token creates a note whose userId comes from the token', async () => {
    const url = `${current.stack.apiUrl}/dev/notes`;

    const response = await curl(
      '-X',
      'POST',
      url,
      '-H',
      `Authorization: ${aliceTokens.id_token}`,
      '-d',
      '{"title": "My first note", "content": "Hello world"}',
    );

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      userId: subOf(aliceTokens.id_token),
      noteId: expect.any(String),
      title: 'My first note',
      content: 'Hello world',
      createdAt: expect.any(String),
    });
  });

  it('Part VII, Test Three: the list holds only the caller’s notes', async () => {
    const url = `${current.stack.apiUrl}/dev/notes`;

    const response = await curl(url, '-H', `Authorization: ${aliceTokens.id_token}`);

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      count: 1,
      notes: [{ title: 'My first note', userId: subOf(aliceTokens.id_token) }],
    });
  });

  it('Part VII, Test Four: an invalid token is rejected', async () => {
    const url = `${current.stack.apiUrl}/dev/notes`;

    const response = await curl(url, '-H', 'Authorization: invalid.token.here');

    expect(response).toEqual({ status: 401, body: { message: 'Unauthorized' } });
  });

  it('updates, deletes and pages through notes', async () => {
    const api = apiBase();
    const auth = { Authorization: `Bearer ${aliceTokens.id_token}` };
    const created = [];
    for (let i = 0; i < 5; i += 1) {
      const response = await fetch(`${api}/notes`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ title: `Page ${i}` }),
      });
      created.push((await response.json()) as { noteId: string; version: number });
    }

    const patched = await fetch(`${api}/notes/${created[0]!.noteId}`, {
      method: 'PATCH',
      headers: { ...auth, 'If-Match': '"1"' },
      body: JSON.stringify({ content: 'edited' }),
    });
    const stale = await fetch(`${api}/notes/${created[0]!.noteId}`, {
      method: 'PATCH',
      headers: { ...auth, 'If-Match': '"1"' },
      body: JSON.stringify({ content: 'lost update' }),
    });
    const deleted = await fetch(`${api}/notes/${created[1]!.noteId}`, { method: 'DELETE', headers: auth });
    const gone = await fetch(`${api}/notes/${created[1]!.noteId}`, { headers: auth });
    const titles: string[] = [];
    let nextToken: string | undefined;
    do {
      const query = new URLSearchParams({ limit: '2', ...(nextToken ? { nextToken } : {}) });
      const page = (await (await fetch(`${api}/notes?${query}`, { headers: auth })).json()) as {
        notes: { title: string }[];
        nextToken?: string;
      };
      titles.push(...page.notes.map((note) => note.title));
      nextToken = page.nextToken;
    } while (nextToken);

    expect(patched.status).toBe(200);
    expect(patched.headers.get('etag')).toBe('"2"');
    expect(await patched.json()).toMatchObject({ content: 'edited', version: 2 });
    expect(stale.status).toBe(412);
    expect(deleted.status).toBe(204);
    expect(gone.status).toBe(404);
    expect(titles).toEqual(['Page 4', 'Page 3', 'Page 2', 'Page 0', 'My first note']);
  });

  it('keeps two users apart: bob can never read, list, change or delete alice’s notes', async () => {
    const { stack } = current;
    await createUser(stack, bob);
    const bobTokens = await signIn(stack, bob);
    const api = apiBase();
    const aliceAuth = { Authorization: aliceTokens.id_token };
    const bobAuth = { Authorization: bobTokens.id_token };
    const note = (await (
      await fetch(`${api}/notes`, { method: 'POST', headers: aliceAuth, body: '{"title":"Alice only"}' })
    ).json()) as { noteId: string };

    const read = await fetch(`${api}/notes/${note.noteId}`, { headers: bobAuth });
    const list = (await (await fetch(`${api}/notes`, { headers: bobAuth })).json()) as { notes: unknown[] };
    const change = await fetch(`${api}/notes/${note.noteId}`, {
      method: 'PATCH',
      headers: bobAuth,
      body: '{"title":"x"}',
    });
    const remove = await fetch(`${api}/notes/${note.noteId}`, { method: 'DELETE', headers: bobAuth });
    const still = await fetch(`${api}/notes/${note.noteId}`, { headers: aliceAuth });

    expect([read.status, change.status, remove.status]).toEqual([404, 404, 404]);
    expect(await read.json()).toEqual({ error: 'Note not found' });
    expect(list.notes).toEqual([]);
    expect(still.status).toBe(200);
    expect(await still.json()).toMatchObject({ title: 'Alice only', version: 1 });
  });

  it('serves the API where its runtime puts it, and never writes a token to the log', async () => {
    const { stack } = current;
    const auth = { Authorization: aliceTokens.id_token };

    const atStage = await fetch(`${stack.invokeUrl}/notes`, { headers: auth });
    const atRoot = await fetch(`${stack.apiUrl}/notes`, { headers: auth });

    expect(atStage.status).toBe(200);
    if (stack.apiRuntime === 'express') {
      expect(atRoot.status).toBe(200);
      expect(atStage.headers.get('x-amzn-requestid')).toBeNull();
    } else {
      // Behind API Gateway the routes exist under the stage only, and every answer names its request.
      expect(atRoot.status).toBe(404);
      expect(await atRoot.json()).toEqual({ message: 'Not found: the API is under /dev, e.g. /dev/notes' });
      expect(atStage.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(current.log.text).toContain('"service":"lambda"');
    }
    for (const token of [aliceTokens.id_token, aliceTokens.access_token, aliceTokens.refresh_token]) {
      expect(current.log.text).not.toContain(token);
    }
  });

  it('keeps users, keys and notes across a restart of the stack', async () => {
    const before = (await (
      await fetch(`${apiBase()}/notes`, { headers: { Authorization: aliceTokens.id_token } })
    ).json()) as { count: number };
    await current.stack.close();

    current = await restartTestStack({ dataDir, ports, ...runtime });
    const sameToken = await fetch(`${apiBase()}/notes`, {
      headers: { Authorization: aliceTokens.id_token },
    });
    const fresh = await signIn(current.stack, alice, { password: 'Alice-New-Passw0rd!' });
    const afterSignIn = (await (
      await fetch(`${apiBase()}/notes`, { headers: { Authorization: fresh.id_token } })
    ).json()) as { count: number };

    expect(sameToken.status).toBe(200);
    expect(((await sameToken.json()) as { count: number }).count).toBe(before.count);
    expect(afterSignIn.count).toBe(before.count);
    expect(before.count).toBeGreaterThan(0);
  });
});
