/**
 * Authorization policies, in one place, each a pure function. Use cases call them first;
 * the driving adapters never decide who may do what.
 */
import { ForbiddenError, NoteNotFoundError, UnauthenticatedError } from './errors.js';
import type { Note } from './note.js';
import type { Principal } from './principal.js';

export type Access = 'read' | 'write';

export const SCOPE_FOR: Readonly<Record<Access, string>> = {
  read: 'notes/read',
  write: 'notes/write',
};

export const ADMIN_GROUP = 'admin';

/**
 * ID tokens (the tutorial's way) may read and write. An access token must carry the resource
 * server scope for the kind of access; without it, the token does not authenticate the call
 * at all (API Gateway answers 401, not 403).
 */
export function requireAccess(principal: Principal, access: Access): void {
  if (principal.tokenUse === 'id') return;
  if (!principal.scopes.includes(SCOPE_FOR[access])) {
    throw new UnauthenticatedError('invalid', `access token lacks the ${SCOPE_FOR[access]} scope`);
  }
}

/** The `admin` group may read any user's notes; anyone else is forbidden. */
export function requireAdmin(principal: Principal): void {
  if (!principal.groups.includes(ADMIN_GROUP)) {
    throw new ForbiddenError('only members of the admin group may do this');
  }
}

/** Every use case works inside the caller's own notes: the owner is always the token's `sub`. */
export function ownerOf(principal: Principal): string {
  return principal.userId;
}

/**
 * Defence in depth for anything a repository returns: a note the caller does not own is
 * reported as not found, which reveals nothing about whether it exists.
 */
export function requireOwnership(principal: Principal, note: Note | undefined, noteId: string): Note {
  if (!note || note.userId !== principal.userId) throw new NoteNotFoundError(noteId);
  return note;
}
