import { describe, expect, it } from 'vitest';
import { createOpenApiDocument } from '../openapi.js';
import { openApiConformance } from './openapi-conformance.js';

// The check keeps the document true only if it can fail: an answer that breaks the document in
// each way it checks must be caught.
describe('the OpenAPI conformance check the scenarios run', () => {
  const check = openApiConformance(createOpenApiDocument());
  const json = (extra: Record<string, string> = {}) =>
    new Headers({ 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'r', ...extra });

  it('catches a body off its schema', () => {
    const problems = check({
      method: 'GET',
      path: '/notes',
      status: 200,
      headers: json(),
      body: '{"notes":[],"count":"zero"}',
    });

    expect(problems.join('\n')).toContain('count');
  });

  it('catches an undocumented status', () => {
    const problems = check({ method: 'GET', path: '/notes/x', status: 418, headers: json(), body: '{}' });

    expect(problems.join('\n')).toContain('status 418 is not documented');
  });

  it('catches missing headers', () => {
    const problems = check({ method: 'POST', path: '/notes', status: 201, headers: json(), body: '{}' });

    expect(problems.join('\n')).toContain('header ETag is missing');
    expect(problems.join('\n')).toContain('header Location is missing');
  });

  it('catches an error body that is not the table’s', () => {
    const problems = check({
      method: 'GET',
      path: '/notes/x',
      status: 404,
      headers: json(),
      body: '{"error":"Not here"}',
    });

    expect(problems).not.toEqual([]);
  });

  it('passes a conforming answer, and leaves the gateway’s own answers alone', () => {
    const fine = check({ method: 'GET', path: '/health', status: 200, headers: json(), body: '{"status":"ok"}' });
    const gateway = check({
      method: 'GET',
      path: '/notes',
      status: 403,
      headers: json({ 'x-amzn-errortype': 'AccessDeniedException' }),
      body: '{"Message":"User is not authorized to access this resource"}',
    });

    expect(fine).toEqual([]);
    expect(gateway).toEqual([]);
  });
});
