/**
 * The Express app over the in-memory adapters on a real listening socket (port 0), with a
 * static token verifier that knows one fresh token per role, and a log captured in memory so
 * that tests can read what would have been written.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { createS3Client, S3ObjectStorage } from '@secure-notes/adapters-aws/s3/client';
import {
  InMemoryIdempotencyStore,
  InMemoryNotesRepository,
  SystemClock,
  UlidIdGenerator,
} from '@secure-notes/adapters-memory';
import { StaticTokenVerifier } from '@secure-notes/adapters-memory/testing';
import {
  createNotesUseCases,
  Idempotency,
  type NotesRepository,
  PageCursorCodec,
  type Principal,
  toUtcIso,
} from '@secure-notes/domain';
import {
  type NotesApiScenarioEnvironment,
  SCENARIO_ATTACHMENT_SETTINGS,
  type ScenarioUser,
} from '@secure-notes/http-api/testing';
import { startLocalS3 } from '@secure-notes/local-s3';
import { listenOnLoopback } from '@secure-notes/service-kit';
import type { Express } from 'express';
import { pino } from 'pino';
import { createNotesApi, type NotesApiOptions } from '../notes-api.js';

/** A token that looks like a JWT and is unique, so that a log search for it means something. */
export function aToken(): string {
  const part = () => randomBytes(24).toString('base64url');
  return `eyJ${part()}.${part()}.${part()}`;
}

export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    callback();
  }

  get text(): string {
    return this.lines.join('\n');
  }

  records(): Record<string, unknown>[] {
    return this.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  }
}

export interface Roles {
  readonly alice: ScenarioUser;
  readonly bob: ScenarioUser;
  readonly admin: ScenarioUser;
  readonly expired: string;
  readonly readOnly: string;
  readonly writeOnly: string;
  readonly noScope: string;
}

/** Fresh subjects and tokens for every role, and a verifier that knows them. */
export function rolesAndVerifier(): { roles: Roles; verifier: StaticTokenVerifier } {
  const expiresAt = Math.floor(Date.now() / 1000) + 3600;
  const expired = aToken();
  const verifier = new StaticTokenVerifier({}, [expired]);
  const user = (overrides: Partial<Principal>): ScenarioUser => {
    const userId = randomUUID();
    const token = aToken();
    verifier.register(token, {
      userId,
      email: `${userId}@example.com`,
      groups: [],
      scopes: [],
      tokenUse: 'id',
      expiresAt,
      ...overrides,
    });
    return { token, userId };
  };
  const access = (scopes: string[]) => user({ tokenUse: 'access', scopes }).token;
  const roles: Roles = {
    alice: user({}),
    bob: user({}),
    admin: user({ groups: ['admin'] }),
    expired,
    readOnly: access(['notes/read']),
    writeOnly: access(['notes/write']),
    noScope: access(['openid', 'email']),
  };
  return { roles, verifier };
}

export interface MemoryServerOptions extends Partial<Omit<NotesApiOptions, 'useCases' | 'logger'>> {
  readonly repository?: NotesRepository;
}

export interface MemoryServer {
  readonly url: string;
  readonly app: Express;
  readonly roles: Roles;
  readonly log: LogCapture;
  readonly repository: NotesRepository;
  readonly environment: NotesApiScenarioEnvironment;
  close(): Promise<void>;
}

export async function startMemoryServer(options: MemoryServerOptions = {}): Promise<MemoryServer> {
  const { roles, verifier } = rolesAndVerifier();
  const repository = options.repository ?? new InMemoryNotesRepository();
  // Attachments go to a local S3 of their own, signed with a key pair made for this server.
  const credentials = { accessKeyId: `memory-${randomUUID()}`, secretAccessKey: randomBytes(20).toString('hex') };
  const s3 = await startLocalS3({ bucket: 'memory-server-attachments', credentials });
  const s3Client = createS3Client({ region: s3.region, endpoint: s3.endpoint }, credentials);
  const useCases = createNotesUseCases({
    repository,
    clock: new SystemClock(),
    ids: new UlidIdGenerator(),
    cursors: new PageCursorCodec(randomBytes(32).toString('hex')),
    attachments: {
      storage: new S3ObjectStorage(s3Client, { bucket: s3.bucket }),
      settings: SCENARIO_ATTACHMENT_SETTINGS,
    },
  });
  const log = new LogCapture();
  const { repository: _repository, ...apiOptions } = options;
  const api = createNotesApi({
    tokenVerifier: verifier,
    idempotency: new Idempotency(new InMemoryIdempotencyStore(), new SystemClock(), new UlidIdGenerator()),
    // The scenarios send hundreds of requests a minute as one user; the limits have tests of their own.
    rateLimits: { perCallerPerMinute: 0, perAddressPerMinute: 0 },
    ...apiOptions,
    useCases,
    logger: pino({ level: 'info' }, log),
  });
  const server = createServer(api);
  await listenOnLoopback(server, 'the in-memory API');
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const close = async () => {
    await new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
    s3Client.destroy();
    await s3.close();
  };
  const environment: NotesApiScenarioEnvironment = {
    baseUrl: url,
    entrypoint: 'express',
    users: { alice: roles.alice, bob: roles.bob, admin: roles.admin },
    tokens: {
      expired: roles.expired,
      readOnly: roles.readOnly,
      writeOnly: roles.writeOnly,
      noScope: roles.noScope,
    },
    // The in-memory store holds notes, not items: a seed item is stored as it reads back.
    storeSeedNote: async (item) => {
      const createdAt = toUtcIso(item.createdAt);
      await repository.create({ ...item, createdAt, updatedAt: createdAt, version: 1, attachments: [] });
    },
    attachments: { settings: SCENARIO_ATTACHMENT_SETTINGS, objectKeys: (prefix) => s3.keys(prefix) },
    close,
  };
  return { url, app: api, roles, log, repository, environment, close };
}
