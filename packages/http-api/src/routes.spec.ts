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
      'GET /admin/users/{userId}/notes read admin',
    ]);
  });

  it('names the path parameters of each template', () => {
    expect(findRoute('GET', '/notes/{noteId}')?.params).toEqual(['noteId']);
    expect(findRoute('GET', '/admin/users/{userId}/notes')?.params).toEqual(['userId']);
    expect(findRoute('GET', '/notes')?.params).toEqual([]);
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
      '/admin/users/{userId}/notes': ['GET'],
    });
  });
});
