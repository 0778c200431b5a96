/**
 * What the scenarios check on every answer, written once: the status, the JSON content type,
 * the exact body; a note's exact set of fields; a listing's shape; a validation failure's
 * details.
 */
import { expect } from 'vitest';
import type { Answer } from '../entrypoints.js';
import type { ApiResponse } from './api-client.js';

export interface NoteBody {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly version: number;
  readonly attachments: AttachmentBody[];
}

export interface AttachmentBody {
  readonly attachmentId: string;
  readonly name: string;
  readonly contentType: string;
  readonly size: number;
  readonly state: 'pending' | 'ready';
  readonly createdAt: string;
  readonly uploadExpiresAt?: string;
}

export interface ListingBody {
  readonly notes: NoteBody[];
  readonly count: number;
  readonly nextToken?: string;
}

export interface ValidationBody {
  readonly error: string;
  readonly details: { field: string; message: string }[];
}

const NOTE_KEYS = ['attachments', 'content', 'createdAt', 'noteId', 'title', 'updatedAt', 'userId', 'version'];
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const JSON_TYPE = /^application\/json(; ?charset=utf-8)?$/i;

/** Status, JSON content type and, when given, the exact body. */
export function expectJson(response: ApiResponse, status: number, body?: unknown): void {
  expect(response.status, `the body was: ${response.text.slice(0, 500)}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(JSON_TYPE);
  if (body !== undefined) expect(response.body).toEqual(body);
}

/** Exactly the given answer (an entry of the contract's tables). */
export function expectAnswer(response: ApiResponse, answer: Answer): void {
  expectJson(response, answer.status, answer.body);
}

/** An answer to an authenticated caller: never stored by a browser or proxy. */
export function expectPrivate(response: ApiResponse): void {
  expect(response.headers.get('cache-control')).toMatch(/no-store/);
}

export function expectValidationFailed(response: ApiResponse, ...fields: string[]): ValidationBody {
  expectJson(response, 400);
  const body = response.body as ValidationBody;
  expect(body.error).toBe('Validation failed');
  expect(Array.isArray(body.details) && body.details.length > 0).toBe(true);
  for (const issue of body.details) {
    expect(typeof issue.field).toBe('string');
    expect(typeof issue.message).toBe('string');
    expect(issue.message.length).toBeGreaterThan(0);
  }
  for (const field of fields) expect(body.details.map((d) => d.field)).toContain(field);
  return body;
}

export function expectNote(value: unknown, owner: string): NoteBody {
  const note = value as NoteBody;
  expect(Object.keys(note).sort()).toEqual(NOTE_KEYS);
  expect(note.userId).toBe(owner);
  expect(typeof note.noteId).toBe('string');
  expect(note.noteId.length).toBeGreaterThan(0);
  expect(typeof note.title).toBe('string');
  expect(typeof note.content).toBe('string');
  expect(note.createdAt).toMatch(ISO_UTC);
  expect(note.updatedAt).toMatch(ISO_UTC);
  expect(Number.isInteger(note.version) && note.version >= 1).toBe(true);
  expect(Array.isArray(note.attachments)).toBe(true);
  return note;
}

export function expectListing(response: ApiResponse, owner: string): ListingBody {
  expectJson(response, 200);
  expectPrivate(response);
  const listing = response.body as ListingBody;
  const keys = Object.keys(listing).sort();
  expect(keys).toEqual(listing.nextToken === undefined ? ['count', 'notes'] : ['count', 'nextToken', 'notes']);
  expect(Array.isArray(listing.notes)).toBe(true);
  expect(listing.count).toBe(listing.notes.length);
  if (listing.nextToken !== undefined) expect(typeof listing.nextToken).toBe('string');
  for (const note of listing.notes) expectNote(note, owner);
  return listing;
}

/** The same token with one character changed in the middle, where every bit counts. */
export function altered(token: string): string {
  const alphabet = /[A-Za-z0-9]/;
  for (let offset = 0; offset < token.length; offset += 1) {
    const i = Math.floor(token.length / 2) + offset;
    const c = token[i];
    if (c !== undefined && alphabet.test(c) && alphabet.test(token[i + 1] ?? '')) {
      return `${token.slice(0, i)}${c === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`;
    }
  }
  return `${token}A`;
}
