import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { requestFingerprint } from './request-fingerprint.js';
import { findRoute } from './routes.js';

const create = findRoute('POST', '/notes');
const update = findRoute('PATCH', '/notes/{noteId}');
if (create === undefined || update === undefined) throw new Error('the route table lost its write routes');

describe('requestFingerprint', () => {
  it('digests the method, route, parameters, If-Match and the body as canonical JSON (keys sorted at every level)', () => {
    const body = { title: 'x', content: 'y', extra: [{ b: 1, a: [true, null, 'z'] }] };
    const expected = createHash('sha256')
      .update('POST\n/notes\n[]\n\n')
      .update('{"content":"y","extra":[{"a":[true,null,"z"],"b":1}],"title":"x"}')
      .digest('hex');

    expect(requestFingerprint(create, [], undefined, body)).toBe(expected);
  });

  it('is the same for the same request whatever the key order, and differs for another request', () => {
    const same = requestFingerprint(create, [], undefined, { title: 'x', content: 'y' });

    expect(requestFingerprint(create, [], undefined, { content: 'y', title: 'x' })).toBe(same);
    expect(requestFingerprint(create, [], undefined, { title: 'x', content: 'z' })).not.toBe(same);
    expect(requestFingerprint(create, [], undefined, { title: 'x', content: ['y'] })).not.toBe(same);
    expect(requestFingerprint(create, [], undefined, undefined)).not.toBe(same);
    expect(requestFingerprint(update, ['n1'], '"1"', { title: 'x' })).not.toBe(
      requestFingerprint(update, ['n1'], '"2"', { title: 'x' }),
    );
    expect(requestFingerprint(update, ['n1'], '"1"', { title: 'x' })).not.toBe(
      requestFingerprint(update, ['n2'], '"1"', { title: 'x' }),
    );
  });

  it('digests a body nested far deeper than the call stack allows recursion (JSON.parse takes it)', () => {
    const depth = 200_000;
    const deep = JSON.parse(`{"title":"x","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`) as unknown;
    const objects = JSON.parse(`${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`) as unknown;

    expect(requestFingerprint(create, [], undefined, deep)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestFingerprint(create, [], undefined, objects)).toMatch(/^[0-9a-f]{64}$/);
  });
});
