/**
 * The one context every scenario file shares: the environment under test (reached only through
 * a base URL and the users' tokens), the entrypoint's expected differences, and the small steps
 * scenarios are written in (create a note, walk every page, check that nothing was stored).
 * Every scenario makes its own notes; the users are the environment's.
 */
import { randomUUID } from 'node:crypto';
import {
  type AttachmentSettings,
  CONTENT_MAX_BYTES,
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  TITLE_MAX_CHARACTERS,
} from '@secure-notes/domain';
import { expect } from 'vitest';
import { ENTRYPOINT_ANSWERS, type Entrypoint, type EntrypointAnswers } from '../entrypoints.js';
import { DEFAULT_BODY_LIMIT_BYTES } from '../json-body.js';
import { createOpenApiDocument } from '../openapi.js';
import { ApiClient, type ApiResponse } from './api-client.js';
import { expectJson, expectListing, expectNote, type ListingBody, type NoteBody } from './expectations.js';
import { openApiConformance } from './openapi-conformance.js';

/** A user of the environment: a token that authenticates them and their `sub`. */
export interface ScenarioUser {
  /** An ID token of the user pool and app client. */
  readonly token: string;
  /** The token's `sub`: the `userId` of every note the user creates. */
  readonly userId: string;
}

/** An item exactly as the tutorial's Lambda `create_note` put it. */
export interface SeedNoteItem {
  readonly userId: string;
  readonly noteId: string;
  readonly title: string;
  readonly content: string;
  /** `datetime.utcnow().isoformat()`: UTC, no zone, microseconds, e.g. `2026-04-24T10:00:00.123456`. */
  readonly createdAt: string;
}

export interface NotesApiScenarioEnvironment {
  /** Where the routes start: `${baseUrl}/notes` is the notes collection. */
  readonly baseUrl: string;
  /** Which entrypoint answers, and so which of the contract's per-entrypoint answers to expect. */
  readonly entrypoint: Entrypoint;
  readonly users: {
    readonly alice: ScenarioUser;
    readonly bob: ScenarioUser;
    /** A member of the `admin` group. */
    readonly admin: ScenarioUser;
  };
  readonly tokens: {
    /** A token that was valid and has expired. */
    readonly expired: string;
    /** An access token whose `scope` has `notes/read` but not `notes/write`. */
    readonly readOnly: string;
    /** An access token whose `scope` has `notes/write` but not `notes/read`. */
    readonly writeOnly: string;
    /** An access token with neither notes scope. */
    readonly noScope: string;
  };
  /**
   * Writes a note straight into storage as the tutorial's Python Lambda did (a UUID `noteId`, no
   * `version`, no `updatedAt`, `createdAt` without a zone), bypassing the API. The suite only
   * gives it the admin user, whose notes no listing scenario reads, so that a UUID's sort
   * position cannot disturb "newest first".
   */
  readonly storeSeedNote: (item: SeedNoteItem) => Promise<void>;
  /** The attachments' object storage as the environment runs it (a local S3). */
  readonly attachments: ScenarioAttachments;
  /** Called once after the suite. */
  readonly close?: () => Promise<void>;
}

export interface ScenarioAttachments {
  /**
   * The settings the API runs with: `SCENARIO_ATTACHMENT_SETTINGS` (links that expire within
   * four seconds, a quota of four of the largest file).
   */
  readonly settings: AttachmentSettings;
  /** The keys stored in the bucket under `prefix`, counted straight in the storage. */
  readonly objectKeys: (prefix: string) => Promise<string[]>;
}

export interface NotesApiScenarioOptions {
  /** The body limit the environment enforces; 300 KiB by default, as the API reference says. */
  readonly bodyLimitBytes?: number;
}

export const LIMITS = {
  titleMax: TITLE_MAX_CHARACTERS,
  contentMaxBytes: CONTENT_MAX_BYTES,
  pageDefault: DEFAULT_PAGE_LIMIT,
  pageMax: MAX_PAGE_LIMIT,
} as const;

/** Note ids in no known format: the API answers 404 for them, never a storage error. */
export const INVALID_NOTE_IDS = ['not-a-note-id', '12345', 'ZZZZZZZZZZZZZZZZZZZZZZZZZZ', `${'a'.repeat(200)}`];

/** A unique title, so that a scenario can find (or not find) what it wrote. */
export function marker(): string {
  return `scenario-${randomUUID()}`;
}

/** What every scenario file is given. */
export class ScenarioContext {
  #environment: NotesApiScenarioEnvironment | undefined;
  #client: ApiClient | undefined;
  readonly bodyLimit: number;

  constructor(options: NotesApiScenarioOptions = {}) {
    this.bodyLimit = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  }

  /** Called once before the scenarios. Every answer is checked against the OpenAPI document. */
  start(environment: NotesApiScenarioEnvironment): void {
    this.#environment = environment;
    this.#client = new ApiClient(environment.baseUrl, { check: openApiConformance(createOpenApiDocument()) });
  }

  get env(): NotesApiScenarioEnvironment {
    if (!this.#environment) throw new Error('the scenario environment is not set up');
    return this.#environment;
  }

  get api(): ApiClient {
    if (!this.#client) throw new Error('the scenario environment is not set up');
    return this.#client;
  }

  /** The answers this entrypoint gives where entrypoints differ. */
  get answers(): EntrypointAnswers {
    return ENTRYPOINT_ANSWERS[this.env.entrypoint];
  }

  get alice(): ScenarioUser {
    return this.env.users.alice;
  }

  get bob(): ScenarioUser {
    return this.env.users.bob;
  }

  get admin(): ScenarioUser {
    return this.env.users.admin;
  }

  async createNote(user: ScenarioUser, fields: Record<string, unknown> = {}): Promise<NoteBody> {
    const response = await this.api.post('/notes', { token: user.token, json: { title: marker(), ...fields } });
    expectJson(response, 201);
    return expectNote(response.body, user.userId);
  }

  getNote(user: ScenarioUser, noteId: string): Promise<ApiResponse> {
    return this.api.get(`/notes/${encodeURIComponent(noteId)}`, { token: user.token });
  }

  /** A note id in the server's format that names no note: one created and deleted again. */
  async goneNoteId(user: ScenarioUser): Promise<string> {
    const note = await this.createNote(user);
    const deleted = await this.api.delete(`/notes/${note.noteId}`, { token: user.token });
    expect(deleted.status).toBe(204);
    return note.noteId;
  }

  /** One page of the user's notes. */
  async listPage(user: ScenarioUser, query: Record<string, string> = {}): Promise<ListingBody> {
    const search = new URLSearchParams(query).toString();
    const response = await this.api.get(`/notes${search ? `?${search}` : ''}`, { token: user.token });
    return expectListing(response, user.userId);
  }

  /** Every note of the user, walking the pages to the end. */
  async allNotes(user: ScenarioUser, limit: number = LIMITS.pageMax): Promise<NoteBody[]> {
    const notes: NoteBody[] = [];
    let nextToken: string | undefined;
    for (let page = 0; page < 1000; page += 1) {
      const listing = await this.listPage(user, { limit: String(limit), ...(nextToken ? { nextToken } : {}) });
      notes.push(...listing.notes);
      nextToken = listing.nextToken;
      if (nextToken === undefined) return notes;
    }
    throw new Error('more than 1000 pages: the listing never ends');
  }

  /** Nothing the user owns mentions `text` in its title or content. */
  async expectNothingStored(user: ScenarioUser, text: string): Promise<void> {
    const mentions = (await this.allNotes(user)).filter((n) => n.title.includes(text) || n.content.includes(text));
    expect(mentions).toEqual([]);
  }
}
