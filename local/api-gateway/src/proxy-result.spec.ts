import { describe, expect, it } from 'vitest';
import { MalformedProxyResultError, parseProxyResult } from './proxy-result.js';

describe('parseProxyResult', () => {
  it('merges headers and multiValueHeaders, the list winning for a name in both', () => {
    const response = parseProxyResult({
      statusCode: 200,
      headers: { 'Content-Type': 'text/plain', 'Set-Cookie': 'ignored=1', 'X-Count': 3 },
      multiValueHeaders: { 'set-cookie': ['a=1', 'b=2'] },
      body: 'ok',
    });

    expect(response.headers).toEqual([
      ['set-cookie', 'a=1'],
      ['set-cookie', 'b=2'],
      ['Content-Type', 'text/plain'],
      ['X-Count', '3'],
    ]);
    expect(response.body.toString()).toBe('ok');
  });

  it('answers application/json when the function names no Content-Type, and decodes a base64 body', () => {
    const response = parseProxyResult({
      statusCode: 201,
      body: Buffer.from('{}').toString('base64'),
      isBase64Encoded: true,
    });

    expect(response.headers).toEqual([['Content-Type', 'application/json']]);
    expect(response.body.toString()).toBe('{}');
  });

  it('takes a result without a body as an empty answer', () => {
    expect(parseProxyResult({ statusCode: 204 }).body.length).toBe(0);
  });

  it.each([
    ['not an object', 'ok'],
    ['null', null],
    ['no statusCode', { body: 'x' }],
    ['a statusCode as text', { statusCode: '200', body: 'x' }],
    ['a statusCode out of range', { statusCode: 42, body: 'x' }],
    ['an object body', { statusCode: 200, body: { a: 1 } }],
    ['an unknown key', { statusCode: 200, body: 'x', cookies: [] }],
    ['an object header value', { statusCode: 200, headers: { 'X-A': { b: 1 } } }],
    ['multi-value headers that are not lists', { statusCode: 200, multiValueHeaders: { 'X-A': 'b' } }],
  ])('refuses %s as malformed', (_name, value) => {
    expect(() => parseProxyResult(value)).toThrow(MalformedProxyResultError);
  });
});
