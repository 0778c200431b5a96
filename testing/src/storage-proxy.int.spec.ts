import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { afterEach, describe, expect, it } from 'vitest';
import { countsSince, type StorageProxy, type StorageProxyOptions, startStorageProxy } from './storage-proxy.ts';

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stand-in for DynamoDB that answers every request 200 with `{"answered":"<operation>"}`. */
async function anUpstream(): Promise<string> {
  const server: Server = createServer((request, response) => {
    request.resume();
    const operation = String(request.headers['x-amz-target'] ?? '').split('.')[1];
    request.on('end', () => response.writeHead(200).end(JSON.stringify({ answered: operation })));
  });
  await listenOnLoopback(server, 'the upstream');
  cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function aProxy(options: StorageProxyOptions): Promise<StorageProxy> {
  const proxy = await startStorageProxy(options);
  cleanups.push(() => proxy.close());
  return proxy;
}

function call(proxy: StorageProxy, operation: string, body: object = {}): Promise<Response> {
  return fetch(proxy.endpoint, {
    method: 'POST',
    headers: { 'x-amz-target': `DynamoDB_20120810.${operation}`, 'content-type': 'application/x-amz-json-1.0' },
    body: JSON.stringify(body),
  });
}

describe('startStorageProxy', () => {
  it('passes requests on and counts them by operation, writes and the applied writes it is told to count', async () => {
    // prepare
    const proxy = await aProxy({
      upstream: await anUpstream(),
      countWrite: ({ body }) => !JSON.stringify(body).includes('record#'),
    });
    await (await call(proxy, 'GetItem')).text();
    const before = proxy.counts();

    // act
    const answer = await (await call(proxy, 'PutItem', { Item: { userId: { S: 'user-1' } } })).json();
    await (await call(proxy, 'PutItem', { Item: { userId: { S: 'record#1' } } })).text();
    await (await call(proxy, 'Query')).text();

    // assert
    expect(answer).toEqual({ answered: 'PutItem' });
    expect(countsSince(before, proxy.counts())).toEqual({
      total: 3,
      writes: 2,
      appliedWrites: 1,
      byOperation: { PutItem: 2, Query: 1 },
    });
    expect(proxy.requests.map((request) => request.operation)).toEqual(['GetItem', 'PutItem', 'PutItem', 'Query']);
  });

  it('answers with the fault a test chooses, as DynamoDB would send it, and applies none of those writes', async () => {
    // prepare
    const proxy = await aProxy({
      upstream: await anUpstream(),
      fault: ({ operation }) =>
        operation === 'PutItem' ? { kind: 'error', status: 400, type: 'ThrottlingException' } : { kind: 'forward' },
    });

    // act
    const throttled = await call(proxy, 'PutItem', { Item: {} });
    const forwarded = await call(proxy, 'GetItem');

    // assert
    expect(throttled.status).toBe(400);
    expect(await throttled.json()).toMatchObject({ __type: 'com.amazonaws.dynamodb.v20120810#ThrottlingException' });
    expect(await forwarded.json()).toEqual({ answered: 'GetItem' });
    expect(proxy.counts()).toMatchObject({ total: 2, writes: 1, appliedWrites: 0 });
  });
});
