import { describe, expect, it } from 'vitest';
import { ForbiddenError, NoteNotFoundError, UnauthenticatedError } from './errors.js';
import { ownerOf, requireAccess, requireAdmin, requireOwnership } from './policies.js';
import { aNote, aPrincipal } from './testing/fixtures.js';

describe('requireAccess', () => {
  it('lets an ID token read and write, as the tutorial does', () => {
    const principal = aPrincipal({ tokenUse: 'id' });

    expect(() => requireAccess(principal, 'read')).not.toThrow();
    expect(() => requireAccess(principal, 'write')).not.toThrow();
  });

  it('lets an access token do what its scopes allow', () => {
    const reader = aPrincipal({ tokenUse: 'access', scopes: ['openid', 'notes/read'] });

    expect(() => requireAccess(reader, 'read')).not.toThrow();
    expect(() => requireAccess(reader, 'write')).toThrow(UnauthenticatedError);
  });

  it('treats an access token without the scope as unauthenticated, not forbidden', () => {
    const principal = aPrincipal({ tokenUse: 'access', scopes: ['openid', 'email'] });

    const check = () => requireAccess(principal, 'read');

    expect(check).toThrow(UnauthenticatedError);
    expect(check).toThrow(expect.objectContaining({ code: 'UNAUTHENTICATED', reason: 'invalid' }));
  });
});

describe('requireAdmin', () => {
  it('allows members of the admin group', () => {
    expect(() => requireAdmin(aPrincipal({ groups: ['editors', 'admin'] }))).not.toThrow();
  });

  it('forbids everyone else', () => {
    expect(() => requireAdmin(aPrincipal({ groups: ['administrators'] }))).toThrow(ForbiddenError);
  });
});

describe('ownership', () => {
  it('makes the token subject the only owner a caller can act as', () => {
    const principal = aPrincipal();

    expect(ownerOf(principal)).toBe(principal.userId);
  });

  it("reports another owner's note as not found, never as forbidden", () => {
    const caller = aPrincipal();
    const foreign = aNote({ userId: aPrincipal().userId, noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB' });

    expect(() => requireOwnership(caller, foreign, foreign.noteId)).toThrow(NoteNotFoundError);
    expect(() => requireOwnership(caller, undefined, foreign.noteId)).toThrow(NoteNotFoundError);
  });

  it("returns the caller's own note", () => {
    const caller = aPrincipal();
    const own = aNote({ userId: caller.userId, noteId: '01JDQ4ZK8G6Y4M3XWQY9T2V7AB' });

    expect(requireOwnership(caller, own, own.noteId)).toBe(own);
  });
});
