import { describe, expect, it } from 'vitest';
import { ResourceTree } from './resource-tree.js';

const tree = new ResourceTree([
  { method: 'GET', path: '/notes', target: 'listNotes' },
  { method: 'POST', path: '/notes', target: 'createNote' },
  { method: 'GET', path: '/notes/{noteId}', target: 'getNote' },
  { method: 'GET', path: '/notes/search', target: 'searchNotes' },
  { method: 'GET', path: '/admin/users/{userId}/notes', target: 'adminListUserNotes' },
  { method: 'ANY', path: '/files/{path+}', target: 'files' },
]);

describe('ResourceTree', () => {
  const cases: [method: string, path: string, expected: unknown][] = [
    ['GET', '/notes', { resource: '/notes', pathParameters: null, target: 'listNotes' }],
    ['POST', '/notes', { resource: '/notes', pathParameters: null, target: 'createNote' }],
    ['GET', '/notes/', { resource: '/notes', pathParameters: null, target: 'listNotes' }],
    ['GET', '/notes/42', { resource: '/notes/{noteId}', pathParameters: { noteId: '42' }, target: 'getNote' }],
    ['GET', '/notes/a%2Fb', { resource: '/notes/{noteId}', pathParameters: { noteId: 'a/b' }, target: 'getNote' }],
    ['GET', '/notes/search', { resource: '/notes/search', pathParameters: null, target: 'searchNotes' }],
    [
      'GET',
      '/admin/users/u-1/notes',
      { resource: '/admin/users/{userId}/notes', pathParameters: { userId: 'u-1' }, target: 'adminListUserNotes' },
    ],
    [
      'DELETE',
      '/files/a/b/c.txt',
      { resource: '/files/{path+}', pathParameters: { path: 'a/b/c.txt' }, target: 'files' },
    ],
    ['PUT', '/notes', undefined],
    ['GET', '/Notes', undefined],
    ['GET', '/notes/42/extra', undefined],
    ['GET', '/notes//', undefined],
    ['GET', '/admin/users/u-1', undefined],
    ['GET', '/', undefined],
    ['GET', '/files', undefined],
  ];

  it.each(cases)('%s %s', (method, path, expected) => {
    expect(tree.match(method, path)).toEqual(expected);
  });

  it('refuses a route table API Gateway would refuse', () => {
    expect(() => new ResourceTree([{ method: 'GET', path: 'notes', target: 1 }])).toThrow(/starts with/);
    expect(
      () =>
        new ResourceTree([
          { method: 'GET', path: '/notes/{noteId}', target: 1 },
          { method: 'GET', path: '/notes/{id}/x', target: 2 },
        ]),
    ).toThrow(/Two path parameters/);
    expect(
      () =>
        new ResourceTree([
          { method: 'GET', path: '/notes', target: 1 },
          { method: 'GET', path: '/notes', target: 2 },
        ]),
    ).toThrow(/defined twice/);
  });
});
