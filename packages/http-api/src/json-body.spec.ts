import { ValidationError } from '@secure-notes/domain';
import { describe, expect, it } from 'vitest';
import { HttpProblem } from './error-answers.js';
import { parseJsonBody } from './json-body.js';

const answerOf = (run: () => unknown): string => {
  try {
    run();
    return 'parsed';
  } catch (error) {
    if (error instanceof HttpProblem) return error.answer;
    if (error instanceof ValidationError) return `validation:${error.details.map((d) => d.field).join(',')}`;
    throw error;
  }
};

describe('parseJsonBody', () => {
  it('reads an absent or empty body as no body', () => {
    for (const raw of [undefined, null, '', Buffer.alloc(0)]) expect(parseJsonBody(raw)).toBeUndefined();
  });

  it('parses text and bytes alike, as UTF-8', () => {
    expect(parseJsonBody('{"title":"é ✓"}')).toEqual({ title: 'é ✓' });
    expect(parseJsonBody(Buffer.from('{"title":"é ✓"}'))).toEqual({ title: 'é ✓' });
    expect(parseJsonBody('null')).toBeNull();
  });

  it('refuses text that is not JSON, and bytes that are not UTF-8', () => {
    expect(answerOf(() => parseJsonBody('{bad'))).toBe('invalidJson');
    expect(answerOf(() => parseJsonBody(Buffer.from([0x7b, 0xff, 0x7d])))).toBe('invalidJson');
  });

  it('refuses a body over the limit, counted in bytes', () => {
    const limit = 10;
    expect(answerOf(() => parseJsonBody('"12345678"', limit))).toBe('parsed');
    expect(answerOf(() => parseJsonBody('"123456789"', limit))).toBe('payloadTooLarge');
    expect(answerOf(() => parseJsonBody('"éééé"', limit))).toBe('parsed');
    expect(answerOf(() => parseJsonBody('"ééééé"', limit))).toBe('payloadTooLarge');
    expect(answerOf(() => parseJsonBody(Buffer.from('"123456789"'), limit))).toBe('payloadTooLarge');
  });

  it('refuses keys that could reach a prototype, anywhere and however spelled', () => {
    expect(answerOf(() => parseJsonBody('{"__proto__":{"admin":true}}'))).toBe('validation:__proto__');
    expect(answerOf(() => parseJsonBody('{"a":{"b":{"__proto__":1}}}'))).toBe('validation:__proto__');
    expect(answerOf(() => parseJsonBody('{"\\u005f_proto__":1}'))).toBe('validation:__proto__');
    expect(answerOf(() => parseJsonBody('{"constructor":{"prototype":{}}}'))).toBe('validation:constructor');
    expect(answerOf(() => parseJsonBody('{"constructor":"fine"}'))).toBe('parsed');
  });
});
