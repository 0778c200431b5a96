import { CONTENT_MAX_BYTES, MAX_PAGE_LIMIT, TITLE_MAX_CHARACTERS } from '@secure-notes/domain';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { ERROR_ANSWERS } from './error-answers.js';
import { createOpenApiDocument } from './openapi.js';

describe('createOpenApiDocument', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();

    const result = await validator.validate(
      structuredClone(createOpenApiDocument()) as unknown as Record<string, unknown>,
    );

    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('documents every route of the API, and only those', () => {
    const document = createOpenApiDocument();

    const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'put', 'patch', 'delete'] as const)
        .filter((m) => item[m])
        .map((m) => `${m.toUpperCase()} ${path}`),
    );

    expect(operations.sort()).toEqual(
      [
        'GET /notes',
        'POST /notes',
        'GET /notes/{noteId}',
        'PATCH /notes/{noteId}',
        'DELETE /notes/{noteId}',
        'POST /notes/{noteId}/attachments',
        'POST /notes/{noteId}/attachments/{attachmentId}/confirm',
        'GET /notes/{noteId}/attachments/{attachmentId}',
        'DELETE /notes/{noteId}/attachments/{attachmentId}',
        'GET /admin/users/{userId}/notes',
        'GET /health',
        'GET /openapi.json',
      ].sort(),
    );
  });

  it("states the domain's limits", () => {
    const text = JSON.stringify(createOpenApiDocument());

    expect(text).toContain(`"maxLength":${TITLE_MAX_CHARACTERS}`);
    expect(text).toContain(`"maximum":${MAX_PAGE_LIMIT}`);
    expect(text).toContain(`${CONTENT_MAX_BYTES} bytes`);
  });

  it('requires the Cognito token on every notes route, with the scope it needs', () => {
    const document = createOpenApiDocument();

    const scopes = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
      (['get', 'post', 'patch', 'delete'] as const)
        .filter((m) => item[m])
        .map((m) => [`${m.toUpperCase()} ${path}`, item[m]?.security] as const),
    );

    for (const [operation, security] of scopes) {
      if (operation.endsWith('/health') || operation.endsWith('/openapi.json')) expect(security).toEqual([]);
      else if (operation.startsWith('GET')) expect(security).toEqual([{ cognitoUserPool: ['notes/read'] }]);
      else expect(security).toEqual([{ cognitoUserPool: ['notes/write'] }]);
    }
  });

  it('states every error body exactly as the runtimes send it, from the one table', () => {
    const document = createOpenApiDocument();
    const schemas = document.components?.schemas ?? {};

    for (const answer of Object.values(ERROR_ANSWERS)) {
      const schema = schemas[answer.component] as { properties: Record<string, { const?: unknown }> };
      for (const [key, value] of Object.entries(answer.body)) expect(schema.properties[key]?.const).toBe(value);
    }
    const getNote = document.paths?.['/notes/{noteId}']?.get?.responses ?? {};
    expect(Object.keys(getNote).sort()).toEqual(['200', '401', '404', '429', '500', '503']);
    expect(getNote['401']).toEqual({ $ref: '#/components/responses/UnauthorizedOrTokenExpired' });
  });

  it('takes the server URL it is given', () => {
    expect(createOpenApiDocument({ serverUrl: 'https://api.example.com/dev' }).servers).toEqual([
      { url: 'https://api.example.com/dev' },
    ]);
  });
});
