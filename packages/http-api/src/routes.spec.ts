import { describe, expect, it } from 'vitest';
import { findRoute, NOTES_ROUTES, resourcesOf } from './routes.js';

describe('the route table', () => {
  it('holds the routes of the API reference, each once', () => {
    expect(NOTES_ROUTES.map((r) => `${r.method} ${r.path} ${r.access}${r.adminOnly ? ' admin' : ''}`)).toEqual([
      'GET /notes read',
      'POST /notes write',
      'GET /notes/{noteId} read',
      'PATCH /notes/{noteId} write',
      'DELETE /notes/{noteId} write',
      'POST /notes/{noteId}/attachments write',
      'POST /notes/{noteId}/attachments/{attachmentId}/confirm write',
      'GET /notes/{noteId}/attachments/{attachmentId} read',
      'DELETE /notes/{noteId}/attachments/{attachmentId} write',
      'GET /admin/users/{userId}/notes read admin',
    ]);
  });

  it('names the path parameters of each template', () => {
    expect(findRoute('GET', '/notes/{noteId}')?.params).toEqual(['noteId']);
    expect(findRoute('GET', '/admin/users/{userId}/notes')?.params).toEqual(['userId']);
    expect(findRoute('GET', '/notes')?.params).toEqual([]);
    expect(findRoute('POST', '/notes/{noteId}/attachments/{attachmentId}/confirm')?.params).toEqual([
      'noteId',
      'attachmentId',
    ]);
  });

  it('finds a route by API Gateway method and resource, and nothing else', () => {
    expect(findRoute('PATCH', '/notes/{noteId}')?.id).toBe('updateNote');
    expect(findRoute('PUT', '/notes/{noteId}')).toBeUndefined();
    expect(findRoute('GET', '/notes/abc')).toBeUndefined();
  });

  it('groups the methods by resource', () => {
    expect(Object.fromEntries(resourcesOf())).toEqual({
      '/notes': ['GET', 'POST'],
      '/notes/{noteId}': ['GET', 'PATCH', 'DELETE'],
      '/notes/{noteId}/attachments': ['POST'],
      '/notes/{noteId}/attachments/{attachmentId}/confirm': ['POST'],
      '/notes/{noteId}/attachments/{attachmentId}': ['GET', 'DELETE'],
      '/admin/users/{userId}/notes': ['GET'],
    });
  });
});
