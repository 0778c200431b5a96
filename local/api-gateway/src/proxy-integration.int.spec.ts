/**
 * The local API Gateway in front of a Lambda proxy integration, over real HTTP, with fixture
 * functions in worker threads: the event the function receives, the answer the client gets,
 * how instances start, serve and end, and every answer the gateway gives itself.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, Gate, startTestGateway, type TestGateway } from './testing/test-gateway.js';

const INTERNAL_ERROR = { message: 'Internal server error' };
const ORIGIN = 'https://app.example.com';

interface Echo {
  readonly event: {
    readonly resource: string;
    readonly path: string;
    readonly httpMethod: string;
    readonly headers: Record<string, string>;
    readonly multiValueHeaders: Record<string, string[]>;
    readonly queryStringParameters: Record<string, string> | null;
    readonly multiValueQueryStringParameters: Record<string, string[]> | null;
    readonly pathParameters: Record<string, string> | null;
    readonly stageVariables: Record<string, string> | null;
    readonly body: string | null;
    readonly isBase64Encoded: boolean;
    readonly requestContext: Record<string, unknown> & { identity: { sourceIp: string } };
  };
  readonly instance: string;
  readonly loadedAt: number;
  readonly served: number;
  readonly context: { awsRequestId: string; functionName: string; memoryLimitInMB: string; remainingMs: number };
  readonly env: Record<string, string | undefined>;
}

describe('the local API Gateway in front of a Lambda proxy integration', () => {
  let t: TestGateway;
  const gate = new Gate();

  beforeAll(async () => {
    await gate.open();
    t = await startTestGateway({
      binaryMediaTypes: ['image/*'],
      stageVariables: { flavour: 'local' },
      cors: {
        origins: [ORIGIN],
        allowMethods: ['GET', 'POST'],
        allowHeaders: ['Authorization', 'Content-Type'],
        exposeHeaders: ['ETag', 'Location'],
        maxAgeSeconds: 600,
      },
      routes: [
        { method: 'GET', path: '/notes', function: 'App' },
        { method: 'POST', path: '/notes', function: 'App' },
        { method: 'GET', path: '/notes/{noteId}', function: 'App' },
        { method: 'GET', path: '/slow', function: 'Slow' },
        { method: 'GET', path: '/impatient', function: 'Slow', integrationTimeoutMs: 500 },
        { method: 'GET', path: '/broken-init', function: 'InitFails' },
        { method: 'GET', path: '/single', function: 'Single' },
      ],
      functions: [
        { name: 'App', bundle: FIXTURES.app, timeoutSeconds: 2, environment: { NOTES_TABLE: 'Notes' } },
        { name: 'Slow', bundle: FIXTURES.app, timeoutSeconds: 30 },
        { name: 'InitFails', bundle: FIXTURES.initFails },
        { name: 'Single', bundle: FIXTURES.app, maxConcurrency: 1 },
      ],
    });
  });

  afterAll(async () => {
    await t?.close();
    await gate.close();
  });

  afterEach(() => {
    expect(t.schemaProblems.splice(0)).toEqual([]);
  });

  describe('the proxy event', () => {
    it('carries the resource, the path with and without the stage, the parameters and the headers as sent', async () => {
      const answer = await t.request('GET', '/dev/notes/two%20words?limit=2&tag=a&tag=b', {
        headers: { 'X-Custom': 'one', 'User-Agent': 'curl/8.5.0' },
      });

      expect(answer.status).toBe(200);
      const { event } = answer.json as Echo;
      expect(event).toMatchObject({
        resource: '/notes/{noteId}',
        path: '/notes/two%20words',
        httpMethod: 'GET',
        pathParameters: { noteId: 'two words' },
        queryStringParameters: { limit: '2', tag: 'b' },
        multiValueQueryStringParameters: { limit: ['2'], tag: ['a', 'b'] },
        stageVariables: { flavour: 'local' },
        body: null,
        isBase64Encoded: false,
      });
      // Names as the client sent them; repeated headers are kept whole in multiValueHeaders.
      expect(event.headers['X-Custom']).toBe('one');
      expect(event.multiValueHeaders['X-Custom']).toEqual(['one']);
      expect(event.headers['X-Forwarded-For']).toBe('127.0.0.1');
      expect(event.headers['X-Amzn-Trace-Id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
      expect(event.requestContext).toMatchObject({
        path: '/dev/notes/two%20words',
        stage: 'dev',
        resourcePath: '/notes/{noteId}',
        httpMethod: 'GET',
        requestId: answer.headers.get('x-amzn-requestid'),
        identity: { sourceIp: '127.0.0.1', userAgent: 'curl/8.5.0' },
      });
      expect(event.requestContext.requestTimeEpoch).toEqual(expect.any(Number));
      expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
      expect(event.requestContext).not.toHaveProperty('authorizer');
    });

    it('gives null for no query string and no path parameters, and the body as text', async () => {
      const answer = await t.request('POST', '/dev/notes', {
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: '{"title": "My first note", "content": "Hello world"}',
      });

      const { event } = answer.json as Echo;
      expect(event).toMatchObject({
        queryStringParameters: null,
        multiValueQueryStringParameters: null,
        pathParameters: null,
        body: '{"title": "My first note", "content": "Hello world"}',
        isBase64Encoded: false,
      });
    });

    it('sends a body of a binary media type as base64', async () => {
      const bytes = Buffer.from([0, 1, 2, 250, 255]);

      const answer = await t.request('POST', '/dev/notes', { headers: { 'Content-Type': 'image/png' }, body: bytes });

      const { event } = answer.json as Echo;
      expect(event.isBase64Encoded).toBe(true);
      expect(Buffer.from(event.body ?? '', 'base64')).toEqual(bytes);
    });
  });

  describe("the function's answer", () => {
    it('is sent as the function gave it: status, headers, repeated headers and body', async () => {
      const answer = await t.request('GET', '/dev/notes?status=201');

      expect(answer.status).toBe(201);
      expect(answer.headers.get('content-type')).toBe('application/json');
      expect(answer.headers.get('x-instance')).toEqual((answer.json as Echo).instance);
      expect(answer.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(answer.headers.get('x-amzn-errortype')).toBeNull();
    });

    it('gives the handler a context with the request id, its remaining time and the function environment only', async () => {
      const echo = (await t.request('GET', '/dev/notes')).json as Echo;

      expect(echo.context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(echo.context.functionName).toBe('App');
      expect(echo.context.memoryLimitInMB).toBe('128');
      expect(echo.context.remainingMs).toBeGreaterThan(0);
      expect(echo.context.remainingMs).toBeLessThanOrEqual(2000);
      expect(echo.env).toEqual({ NOTES_TABLE: 'Notes', AWS_LAMBDA_FUNCTION_NAME: 'App' });
    });

    it("hands the function's log lines to the log sink, between Lambda's START and END lines", async () => {
      const answer = await t.request('GET', '/dev/notes?behave=log');

      expect(answer.status).toBe(200);
      const lines = t.functionLog.map((l) => l.line);
      const logged = lines.findIndex((line) => line.includes('a line from the function'));
      expect(logged).toBeGreaterThan(0);
      const requestId = /\t([0-9a-f-]{36})\tINFO\t/.exec(lines[logged] ?? '')?.[1];
      expect(lines.slice(0, logged).some((line) => line === `START RequestId: ${requestId} Version: $LATEST`)).toBe(
        true,
      );
      expect(lines.slice(logged).some((line) => line === `END RequestId: ${requestId}`)).toBe(true);
    });
  });

  describe('instances', () => {
    it('load the bundle once and serve one request after another', async () => {
      const first = (await t.request('GET', '/dev/notes')).json as Echo;
      const second = (await t.request('GET', '/dev/notes')).json as Echo;

      expect(second.instance).toBe(first.instance);
      expect(second.loadedAt).toBe(first.loadedAt);
      expect(second.served).toBe(first.served + 1);
    });

    it('start one more instance, with its own cold start, for each request that finds none idle', async () => {
      const before = t.gateway.functions.get('Slow')!.stats.coldStarts;
      const path = `/dev/slow?gate=${encodeURIComponent(gate.url)}`;

      const requests = [t.request('GET', path), t.request('GET', path), t.request('GET', path)];
      await gate.reached(3);
      gate.release();
      const answers = await Promise.all(requests);

      const instances = new Set(answers.map((a) => (a.json as Echo).instance));
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
      expect(instances.size).toBe(3);
      expect(t.gateway.functions.get('Slow')!.stats.coldStarts - before).toBe(3);
    });

    it('past the concurrency limit are refused as Lambda throttles: a 500 from API Gateway', async () => {
      const held = t.request('GET', `/dev/single?gate=${encodeURIComponent(gate.url)}`);
      await gate.reached(1);

      const refused = await t.request('GET', '/dev/single');
      gate.release();

      expect(refused.status).toBe(500);
      expect(refused.json).toEqual(INTERNAL_ERROR);
      expect((await held).status).toBe(200);
      expect(t.gatewayLog.some((l) => String(l.fields.reason).includes('Throttled'))).toBe(true);
    });
  });

  describe('integration failures are 502 {"message": "Internal server error"}', () => {
    const expect502 = (answer: { status: number; json: unknown; headers: Headers }) => {
      expect(answer.status).toBe(502);
      expect(answer.json).toEqual(INTERNAL_ERROR);
      expect(answer.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      expect(answer.headers.get('content-type')).toBe('application/json');
    };

    it('when an error escapes the handler, and the instance serves on', async () => {
      const before = (await t.request('GET', '/dev/notes')).json as Echo;

      const failed = await t.request('GET', '/dev/notes?behave=throw');
      const after = (await t.request('GET', '/dev/notes')).json as Echo;

      expect502(failed);
      expect(after.instance).toBe(before.instance);
    });

    it.each([
      ['a key API Gateway does not accept', 'malformed'],
      ['a body that is not a string', 'object-body'],
      ['a result over 6 MB', 'big'],
    ])('when the result has %s', async (_name, behave) => {
      expect502(await t.request('GET', `/dev/notes?behave=${behave}`));
      expect(t.gatewayLog.at(-1)?.fields.reason).toBeTruthy();
    });

    it('when the handler runs past its timeout; the instance ends and the next request starts a new one', async () => {
      const before = (await t.request('GET', '/dev/notes')).json as Echo;

      const timedOut = await t.request('GET', '/dev/notes?behave=hang');
      const after = (await t.request('GET', '/dev/notes')).json as Echo;

      expect502(timedOut);
      expect(after.instance).not.toBe(before.instance);
      expect(t.functionLog.some((l) => l.line.endsWith('Task timed out after 2.00 seconds'))).toBe(true);
    });

    it('when the instance dies during the invocation; the next request starts a new one', async () => {
      const before = (await t.request('GET', '/dev/notes')).json as Echo;

      const crashed = await t.request('GET', '/dev/notes?behave=exit');
      const after = (await t.request('GET', '/dev/notes')).json as Echo;

      expect502(crashed);
      expect(after.instance).not.toBe(before.instance);
    });

    it("when the function's init fails, every time, and no instance is kept", async () => {
      const first = await t.request('GET', '/dev/broken-init');
      const second = await t.request('GET', '/dev/broken-init');

      expect502(first);
      expect502(second);
      expect(t.gateway.functions.get('InitFails')!.stats.coldStarts).toBe(2);
      expect(t.gateway.functions.get('InitFails')!.instanceCount).toBe(0);
    });
  });

  it('answers 504 only past the integration timeout (29 s, or less when the integration says so)', async () => {
    const answer = await t.request('GET', '/dev/impatient?behave=hang');

    expect(answer.status).toBe(504);
    expect(answer.json).toEqual({ message: 'Endpoint request timed out' });
  });

  describe("the gateway's own answers", () => {
    it.each([
      ['an undefined path', 'GET', '/dev/nope'],
      ['an undefined method', 'DELETE', '/dev/notes'],
      ['a path below a defined one', 'GET', '/dev/notes/a/b'],
      ['another case', 'GET', '/dev/NOTES'],
      ['the stage root', 'GET', '/dev'],
    ])('%s is 403 Missing Authentication Token, and nothing runs', async (_name, method, path) => {
      const before = t.events.length;

      const answer = await t.request(method, path, { headers: { Origin: ORIGIN } });

      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ message: 'Missing Authentication Token' });
      expect(answer.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
      expect(answer.headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
      expect(answer.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(answer.headers.get('access-control-expose-headers')).toBe('ETag,Location');
      expect(t.events.length).toBe(before);
    });

    it('a body over 10 MB is 413 Request Too Long, and nothing runs', async () => {
      const before = t.events.length;

      const answer = await t.request('POST', '/dev/notes', { body: 'x'.repeat(10 * 1024 * 1024 + 1) });

      expect(answer.status).toBe(413);
      expect(answer.json).toEqual({ message: 'Request Too Long' });
      expect(t.events.length).toBe(before);
    });

    it('a body of exactly 10 MB reaches the function', async () => {
      const answer = await t.request('POST', '/dev/notes', { body: 'x'.repeat(10 * 1024 * 1024) });

      // Lambda itself refuses an event over 6 MB: API Gateway answers 502.
      expect(answer.status).toBe(502);
      expect(t.gatewayLog.at(-1)?.fields.reason).toMatch(/RequestTooLarge/);
    });

    it('a path outside the stage is 403 Forbidden', async () => {
      const answer = await t.request('GET', '/prod/notes');

      expect(answer.status).toBe(403);
      expect(answer.json).toEqual({ message: 'Forbidden' });
    });

    it('a preflight on a defined resource is 204 with the CORS headers, and nothing runs', async () => {
      const before = t.events.length;

      const allowed = await t.request('OPTIONS', '/dev/notes/42', {
        headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' },
      });
      const other = await t.request('OPTIONS', '/dev/notes', { headers: { Origin: 'https://evil.example' } });

      expect(allowed.status).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(allowed.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(allowed.headers.get('access-control-allow-headers')).toBe('Authorization,Content-Type');
      expect(allowed.headers.get('access-control-max-age')).toBe('600');
      expect(other.status).toBe(204);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(t.events.length).toBe(before);
    });

    it('names no origin but the configured ones', async () => {
      const answer = await t.request('GET', '/dev/nope', { headers: { Origin: 'https://evil.example' } });

      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
      expect(answer.headers.get('vary')).toBe('Origin');
    });
  });
});
