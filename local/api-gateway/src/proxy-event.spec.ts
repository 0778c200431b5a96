import { describe, expect, it } from 'vitest';
import { headerMaps, queryMaps, requestTimeOf, sourceIpOf } from './proxy-event.js';

describe('headerMaps', () => {
  it('keeps the last value in headers and every value in multiValueHeaders, names as first sent', () => {
    const maps = headerMaps(['Accept', 'text/html', 'X-Tag', 'a', 'x-tag', 'b', 'Host', 'api.example']);

    expect(maps.headers).toEqual({ Accept: 'text/html', 'X-Tag': 'b', Host: 'api.example' });
    expect(maps.multiValueHeaders).toEqual({ Accept: ['text/html'], 'X-Tag': ['a', 'b'], Host: ['api.example'] });
  });

  it("replaces a client's header with the one API Gateway adds", () => {
    const maps = headerMaps(['x-forwarded-proto', 'spoofed'], [['X-Forwarded-Proto', 'https']]);

    expect(maps.headers).toEqual({ 'X-Forwarded-Proto': 'https' });
    expect(maps.multiValueHeaders).toEqual({ 'X-Forwarded-Proto': ['https'] });
  });
});

describe('queryMaps', () => {
  it('decodes names and values, keeps the last value and every value', () => {
    expect(queryMaps('a=1&tag=x%20y&tag=z&empty=')).toEqual({
      queryStringParameters: { a: '1', tag: 'z', empty: '' },
      multiValueQueryStringParameters: { a: ['1'], tag: ['x y', 'z'], empty: [''] },
    });
  });

  it('gives null for no query string', () => {
    expect(queryMaps('')).toEqual({ queryStringParameters: null, multiValueQueryStringParameters: null });
  });
});

describe('requestTimeOf', () => {
  it("prints API Gateway's request time", () => {
    expect(requestTimeOf(Date.UTC(2024, 5, 7, 5, 2, 3))).toBe('07/Jun/2024:05:02:03 +0000');
  });
});

describe('sourceIpOf', () => {
  it('reports an IPv4 client seen through an IPv6 socket as IPv4', () => {
    expect(sourceIpOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(sourceIpOf('::1')).toBe('::1');
  });
});
