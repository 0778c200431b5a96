import { Logger } from '@aws-lambda-powertools/logger';
import { InMemoryNotesRepository, SystemClock, UlidIdGenerator } from '@secure-notes/adapters-memory';
import { createNotesUseCases, PageCursorCodec } from '@secure-notes/domain';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { createNotesLambdaHandler } from './notes-handler.js';
import { cognitoAuthorizerClaims, lambdaContext, type ProxyEventInput, proxyEvent } from './testing/events.js';

const SUB = 'd2f50444-0041-7036-aea2-a955fca33d37';
const APP_CLIENT = '4pt0example1client2id3abc';
const cognito = {
  claims: cognitoAuthorizerClaims({ sub: SUB, token_use: 'id', aud: APP_CLIENT, email: 'a@example.com' }),
};
const lambdaAuthorizer = {
  principalId: SUB,
  integrationLatency: 12,
  userId: SUB,
  email: '',
  groups: '',
  scopes: 'notes/read',
  tokenUse: 'access',
};

/** Every log line the handler writes, captured. */
function capturingLogger(lines: string[]): Logger {
  const logger = new Logger({ serviceName: 'notes-test', logLevel: 'INFO' });
  const write = (line: unknown) => {
    lines.push(typeof line === 'string' ? line : JSON.stringify(line));
  };
  // Powertools writes through console; route it into the array for the test.
  Object.assign(logger, {
    console: { info: write, warn: write, error: write, debug: write, trace: write, log: write },
  });
  return logger;
}

function subject(options: { corsOrigins?: string[] } = {}) {
  const lines: string[] = [];
  const useCases = createNotesUseCases({
    repository: new InMemoryNotesRepository(),
    clock: new SystemClock(),
    ids: new UlidIdGenerator(),
    cursors: new PageCursorCodec('c'.repeat(32)),
  });
  const handler = createNotesLambdaHandler({
    useCases,
    logger: capturingLogger(lines),
    appClientIds: [APP_CLIENT],
    ...options,
  });
  const invoke = (input: Omit<ProxyEventInput, 'authorizer'> & { authorizer?: Record<string, unknown> }) =>
    handler(proxyEvent({ authorizer: cognito, ...input }), lambdaContext());
  return { handler, invoke, lines };
}

describe('the notes Lambda handler', () => {
  it('creates a note from the tutorial’s curl -d body, under the caller from the Cognito claims', async () => {
    const { invoke } = subject();

    const response = await invoke({
      method: 'POST',
      resource: '/notes',
      path: '/notes',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Request-Id': 'trace-1' },
      body: '{"title": "My first note", "content": "Hello world"}',
    });

    expect(response.statusCode).toBe(201);
    const note = JSON.parse(response.body);
    expect(note).toMatchObject({ userId: SUB, title: 'My first note', content: 'Hello world', version: 1 });
    expect(response.headers).toMatchObject({
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ETag: '"1"',
      Location: `/dev/notes/${note.noteId}`,
      'X-Request-Id': 'trace-1',
    });
    expect(response.isBase64Encoded).toBe(false);
  });

  it('reads a base64-encoded body', async () => {
    const { invoke } = subject();

    const response = await invoke({
      method: 'POST',
      resource: '/notes',
      path: '/notes',
      body: Buffer.from('{"title":"é ✓ 😀"}').toString('base64'),
      isBase64Encoded: true,
    });

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body).title).toBe('é ✓ 😀');
  });

  it('answers a body that is not JSON, a forbidden key and an oversized body with the contract’s 4xx', async () => {
    const { invoke } = subject();
    const post = (body: string) => invoke({ method: 'POST', resource: '/notes', path: '/notes', body });

    const broken = await post('{"title": ');
    const proto = await post('{"__proto__": {"admin": true}}');
    const huge = await post(JSON.stringify({ content: 'x'.repeat(301 * 1024) }));

    expect([broken.statusCode, JSON.parse(broken.body)]).toEqual([400, { error: 'Invalid JSON body' }]);
    expect([proto.statusCode, JSON.parse(proto.body)]).toEqual([
      400,
      { error: 'Validation failed', details: [{ field: '__proto__', message: 'is not allowed' }] },
    ]);
    expect([huge.statusCode, JSON.parse(huge.body)]).toEqual([413, { error: 'Payload too large' }]);
  });

  it('reads the body as the Express server does: strict UTF-8 in a base64 body, a byte order mark ignored', async () => {
    const { invoke } = subject();
    const post = (body: string, isBase64Encoded = false) =>
      invoke({ method: 'POST', resource: '/notes', path: '/notes', body, isBase64Encoded });
    const notUtf8 = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from([0xff]), Buffer.from('b"}')]);

    const refused = await post(notUtf8.toString('base64'), true);
    const withBom = await post('\ufeff{"title":"after a BOM"}');
    const base64Bom = await post(Buffer.from('\ufeff{"title":"bytes after a BOM"}').toString('base64'), true);

    expect([refused.statusCode, JSON.parse(refused.body)]).toEqual([400, { error: 'Invalid JSON body' }]);
    expect([withBom.statusCode, JSON.parse(withBom.body).title]).toEqual([201, 'after a BOM']);
    expect([base64Bom.statusCode, JSON.parse(base64Bom.body).title]).toEqual([201, 'bytes after a BOM']);
  });

  it('reads a repeated header as Node does, every value joined: two If-Match lines never match', async () => {
    const { invoke } = subject();
    const created = JSON.parse((await invoke({ method: 'POST', resource: '/notes', path: '/notes', body: '{}' })).body);
    const patch = (repeatedHeaders: Record<string, string[]>) =>
      invoke({
        method: 'PATCH',
        resource: '/notes/{noteId}',
        path: `/notes/${created.noteId}`,
        pathParameters: { noteId: created.noteId },
        repeatedHeaders,
        body: '{"title":"changed"}',
      });

    const twice = await patch({ 'If-Match': ['"1"', '"1"'] });
    const once = await patch({ 'If-Match': ['"1"'] });

    expect(twice.statusCode).toBe(412);
    expect([once.statusCode, JSON.parse(once.body).version]).toEqual([200, 2]);
  });

  it('refuses the Cognito authorizer’s claims of a token issued to another app client of the pool', async () => {
    const { invoke } = subject();
    const otherClient = {
      claims: cognitoAuthorizerClaims({ sub: SUB, token_use: 'id', aud: 'another-app-client', email: 'a@example.com' }),
    };

    const response = await invoke({ method: 'GET', resource: '/notes', path: '/notes', authorizer: otherClient });

    expect([response.statusCode, JSON.parse(response.body)]).toEqual([401, { message: 'Unauthorized' }]);
  });

  it('makes an Untitled note when API Gateway passes no body', async () => {
    const { invoke } = subject();

    const response = await invoke({ method: 'POST', resource: '/notes', path: '/notes', body: null });

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ title: 'Untitled', content: '' });
  });

  it('takes the caller from the custom authorizer’s context, and its scopes', async () => {
    const { invoke } = subject();

    const list = await invoke({ method: 'GET', resource: '/notes', path: '/notes', authorizer: lambdaAuthorizer });
    const write = await invoke({
      method: 'POST',
      resource: '/notes',
      path: '/notes',
      authorizer: lambdaAuthorizer,
      body: '{}',
    });

    expect(list.statusCode).toBe(200);
    expect(JSON.parse(list.body)).toEqual({ notes: [], count: 0 });
    expect([write.statusCode, JSON.parse(write.body)]).toEqual([401, { message: 'Unauthorized' }]);
  });

  it('refuses a caller whose token expired after the authorizer’s policy was cached, from its exp on', async () => {
    const { invoke } = subject();
    const now = Math.floor(Date.now() / 1000);
    const withExp = (exp: number | string) => ({ ...lambdaAuthorizer, exp });

    const live = await invoke({ method: 'GET', resource: '/notes', path: '/notes', authorizer: withExp(now + 60) });
    // API Gateway hands context values on as strings, the authorizer's number among them.
    const expired = await invoke({ method: 'GET', resource: '/notes', path: '/notes', authorizer: withExp(`${now}`) });
    const expiredWrite = await invoke({
      method: 'POST',
      resource: '/notes',
      path: '/notes',
      authorizer: withExp(now - 1),
      body: '{"title":"never stored"}',
    });
    const afterwards = await invoke({
      method: 'GET',
      resource: '/notes',
      path: '/notes',
      authorizer: withExp(now + 60),
    });

    expect(live.statusCode).toBe(200);
    expect([expired.statusCode, JSON.parse(expired.body)]).toEqual([
      401,
      { message: 'The incoming token has expired' },
    ]);
    expect([expiredWrite.statusCode, JSON.parse(expiredWrite.body)]).toEqual([
      401,
      { message: 'The incoming token has expired' },
    ]);
    expect(JSON.parse(afterwards.body)).toEqual({ notes: [], count: 0 });
  });

  it('refuses the Cognito authorizer’s claims of an expired token with the contract’s expired answer', async () => {
    const { invoke } = subject();
    const expired = {
      claims: cognitoAuthorizerClaims({
        sub: SUB,
        token_use: 'id',
        aud: APP_CLIENT,
        exp: Math.floor(Date.now() / 1000) - 1,
      }),
    };

    const response = await invoke({ method: 'GET', resource: '/notes', path: '/notes', authorizer: expired });

    expect([response.statusCode, JSON.parse(response.body)]).toEqual([
      401,
      { message: 'The incoming token has expired' },
    ]);
  });

  it('keeps a page of notes full of quotes and backslashes under Lambda’s 6 MB as a serialized result, losing none', async () => {
    const { invoke } = subject();
    const contents = ['"'.repeat(150_000), '\\'.repeat(150_000)];
    const created = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const body = JSON.stringify({ title: `note ${i}`, content: contents[i % 2] });
      const answer = await invoke({ method: 'POST', resource: '/notes', path: '/notes', body });
      created.add(JSON.parse(answer.body).noteId);
    }

    const listed: string[] = [];
    const resultSizes: number[] = [];
    let nextToken: string | undefined;
    do {
      const page = await invoke({
        method: 'GET',
        resource: '/notes',
        path: '/notes',
        query: nextToken === undefined ? { limit: ['20'] } : { limit: ['20'], nextToken: [nextToken] },
      });
      // What Lambda measures against its limit: the whole result, as JSON.
      resultSizes.push(Buffer.byteLength(JSON.stringify(page)));
      const body = JSON.parse(page.body);
      listed.push(...body.notes.map((note: { noteId: string }) => note.noteId));
      nextToken = body.nextToken;
    } while (nextToken !== undefined);

    expect(resultSizes.length).toBeGreaterThan(1);
    for (const size of resultSizes) expect(size).toBeLessThan(6 * 1024 * 1024);
    expect(listed).toHaveLength(20);
    expect(new Set(listed)).toEqual(created);
  });

  it('routes by resource and method, with path parameters and repeated query values', async () => {
    const { invoke } = subject();
    const created = JSON.parse((await invoke({ method: 'POST', resource: '/notes', path: '/notes', body: '{}' })).body);

    const read = await invoke({
      method: 'GET',
      resource: '/notes/{noteId}',
      path: `/notes/${created.noteId}`,
      pathParameters: { noteId: created.noteId },
    });
    const twice = await invoke({ method: 'GET', resource: '/notes', path: '/notes', query: { limit: ['1', '2'] } });

    expect(JSON.parse(read.body)).toEqual(created);
    expect(twice.statusCode).toBe(400);
  });

  it('answers a malformed event with the contract’s 4xx, never an unhandled error', async () => {
    const { handler } = subject();
    const context = lambdaContext();

    const noRoute = await handler({ httpMethod: 'PUT', resource: '/notes' } as APIGatewayProxyEvent, context);
    const nothing = await handler(undefined as unknown as APIGatewayProxyEvent, context);
    const noCaller = await handler(
      {
        ...proxyEvent({ method: 'GET', resource: '/notes', path: '/notes' }),
        requestContext: {},
      } as APIGatewayProxyEvent,
      context,
    );

    expect([noRoute.statusCode, JSON.parse(noRoute.body)]).toEqual([404, { error: 'Not found' }]);
    expect(nothing.statusCode).toBe(404);
    expect([noCaller.statusCode, JSON.parse(noCaller.body)]).toEqual([401, { message: 'Unauthorized' }]);
  });

  it('adds CORS headers for a configured origin', async () => {
    const { invoke } = subject({ corsOrigins: ['https://notes.example.com'] });

    const response = await invoke({
      method: 'GET',
      resource: '/notes',
      path: '/notes',
      headers: { origin: 'https://notes.example.com' },
    });

    expect(response.headers).toMatchObject({
      'Access-Control-Allow-Origin': 'https://notes.example.com',
      Vary: 'Origin',
    });
  });

  it('logs one line per invocation with the route, status and sub, and never the body or the token', async () => {
    const { invoke, lines } = subject();

    await invoke({
      method: 'POST',
      resource: '/notes',
      path: '/notes',
      headers: { Authorization: 'eyJsecret.token.value' },
      body: '{"content":"private words"}',
    });

    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0] ?? '{}');
    expect(line).toMatchObject({ message: 'POST /notes 201', route: '/notes', status: 201, sub: SUB });
    expect(lines.join('\n')).not.toContain('private words');
    expect(lines.join('\n')).not.toContain('eyJsecret');
  });
});
