/**
 * The limits in front of the stage, over real HTTP: the stage's throttling (a token bucket on
 * the gateway's clock, which the test holds still or moves) and a WAF rate-based rule by source
 * address (connections from two loopback addresses), both at test scale.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from './testing/test-gateway.js';

const ORIGIN = 'https://app.example.com';
const TOO_MANY = { message: 'Too Many Requests' };

const running: TestGateway[] = [];
afterEach(async () => {
  for (const t of running.splice(0)) {
    expect(t.schemaProblems).toEqual([]);
    await t.close();
  }
});

async function gateway(overrides: Parameters<typeof startTestGateway>[0]): Promise<TestGateway> {
  const t = await startTestGateway({
    routes: [{ method: 'GET', path: '/notes', function: 'App' }],
    cors: { origins: [ORIGIN], allowMethods: ['GET'], allowHeaders: [], exposeHeaders: ['ETag'], maxAgeSeconds: 60 },
    ...overrides,
  });
  running.push(t);
  return t;
}

/** A GET from a chosen loopback address (Linux routes all of 127.0.0.0/8 to loopback). */
function getFrom(localAddress: string, url: string): Promise<{ status: number; retryAfter: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'] }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe("the stage's throttling", () => {
  it('lets a burst through, then answers 429 Too Many Requests until the bucket refills', async () => {
    let now = 1_000_000;
    const t = await gateway({ throttle: { rateLimit: 2, burstLimit: 3 }, now: () => now });

    const burst = await Promise.all([1, 2, 3].map(() => t.request('GET', '/dev/notes')));
    const invocations = t.events.length;
    const throttled = await t.request('GET', '/dev/notes', { headers: { Origin: 'https://other.example' } });
    now += 500;
    const refilled = await t.request('GET', '/dev/notes');
    const again = await t.request('GET', '/dev/notes');

    expect(burst.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(throttled.status).toBe(429);
    expect(throttled.json).toEqual(TOO_MANY);
    expect(throttled.headers.get('x-amzn-errortype')).toBe('TooManyRequestsException');
    expect(throttled.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(refilled.status).toBe(200);
    expect(again.status).toBe(429);
    expect(t.events.length).toBe(invocations + 1);
  });

  it('counts every request to the stage, an undefined route included', async () => {
    const t = await gateway({ throttle: { rateLimit: 1, burstLimit: 1 }, now: () => 0 });

    const first = await t.request('GET', '/dev/nope');
    const second = await t.request('GET', '/dev/notes');

    expect(first.status).toBe(403);
    expect(second.status).toBe(429);
  });
});

describe('the WAF rate rule by source address', () => {
  it("answers the rule's custom 429 with Retry-After past the limit, for that address only, and nothing runs", async () => {
    const t = await gateway({ addressRateLimit: { limit: 3, windowSeconds: 120 } });
    const url = `${t.gateway.invokeUrl}/notes`.replace('localhost', '127.0.0.1');

    const first = await Promise.all([1, 2, 3].map(() => getFrom('127.0.0.1', url)));
    const invocations = t.events.length;
    const limited = await t.request('GET', '/dev/notes', { headers: { Origin: ORIGIN } });
    const otherAddress = await getFrom('127.0.0.2', url);

    expect(first.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual(TOO_MANY);
    expect(limited.headers.get('retry-after')).toBe('120');
    expect(limited.headers.get('access-control-allow-origin')).toBeNull();
    expect(otherAddress.status).toBe(200);
    expect(t.events.length).toBe(invocations + 1);
  });
});

describe('without limits', () => {
  it('lets every request through', async () => {
    const t = await gateway({});

    const answers = await Promise.all(Array.from({ length: 20 }, () => t.request('GET', '/dev/nope')));

    expect(answers.every((a) => a.status === 403)).toBe(true);
  });
});
