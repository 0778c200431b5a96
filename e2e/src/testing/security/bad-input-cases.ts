/**
 * The generated requests of the bad-input suite (OWASP API3, broken object property level
 * authorization, and API4, unrestricted resource consumption): bodies, headers, paths and query
 * strings that break a rule of the contract, each with the answer the contract gives for it.
 * Every case aims at what the caller owns (their note at version 1, their listing), so a case
 * that got through would show as a change. Families, so that a report can say what was tried:
 *
 * - bodies: broken JSON, bytes that are not UTF-8, JSON that is not an object, fields of the
 *   wrong type, unknown and mass-assignment fields (`userId`, `noteId`, `version`, …), keys that
 *   reach a prototype, huge strings and bodies, deep nesting, lone surrogates;
 * - headers: `If-Match` that no version satisfies (also repeated), bad `Idempotency-Key`s;
 * - paths: note ids in no known format, broken percent-encoding, methods and paths the API does
 *   not define, an overlong user id on the admin route;
 * - query strings: bad `limit`s, forged, altered, foreign and huge `nextToken`s, repeated parameters.
 */
import { ENTRYPOINT_ANSWERS, type Entrypoint } from '@secure-notes/http-api';
import fc from 'fast-check';
import type { RawRequest, RawResponse } from './raw-http.js';

export const FAMILIES = [
  'broken JSON',
  'bytes that are not UTF-8',
  'JSON that is not an object',
  'fields of the wrong type',
  'unknown and mass-assignment fields',
  'keys that reach a prototype',
  'huge strings and bodies',
  'deep nesting',
  'deep nesting with an Idempotency-Key',
  'lone surrogates in JSON escapes',
  'bad limits',
  'repeated query parameters',
  'bad page tokens',
  'If-Match no version satisfies',
  'repeated If-Match',
  'bad Idempotency-Keys',
  'note ids in no known format',
  'broken percent-encoding',
  'methods and paths the API does not define',
  'overlong user ids on the admin route',
] as const;

export type Family = (typeof FAMILIES)[number];

/**
 * The families an entrypoint answers otherwise by the contract's own statement of where the
 * runtimes differ (`ENTRYPOINT_ANSWERS`): behind API Gateway the function is handed a body as
 * text, with U+FFFD in place of bytes that are not UTF-8, so it takes what Express refuses.
 * They are left out of the generated runs there, and a test of their own shows the stated
 * answer. Every other family runs everywhere, the deep bodies with an Idempotency-Key, repeated
 * If-Match headers, base64 bodies and lone surrogates included.
 */
export const STATED_DIFFERENCES: Readonly<Record<Entrypoint, readonly Family[]>> = {
  express: statedDifferencesOf('express'),
  'gateway-cognito': statedDifferencesOf('gateway-cognito'),
  'gateway-lambda-authorizer': statedDifferencesOf('gateway-lambda-authorizer'),
};

function statedDifferencesOf(entrypoint: Entrypoint): readonly Family[] {
  return ENTRYPOINT_ANSWERS[entrypoint].nonUtf8Body === 'replaced' ? ['bytes that are not UTF-8'] : [];
}

/** What a case may name: the caller's own things, another user, genuine page tokens. */
export interface BadInputContext {
  /** The caller's token (a non-admin). */
  readonly token: string;
  /** A member of the `admin` group, for the admin route. */
  readonly adminToken: string;
  /** The caller's note, at version 1: no case may change it. */
  readonly noteId: string;
  readonly otherUserId: string;
  /** A genuine `nextToken` of the caller's listing, and one of the other user's. */
  readonly ownCursor: string;
  readonly foreignCursor: string;
  /** A fresh, valid `Idempotency-Key`. */
  nextKey(): string;
}

/** The contract's answer to a case. */
export interface Oracle {
  readonly status: number;
  /** The bodies the contract allows (any one of them). */
  readonly bodies?: readonly unknown[];
  /** A validation failure (400) whose details name at least these fields. */
  readonly validation?: readonly string[];
}

export interface BadInputCase {
  readonly family: Family;
  request(ctx: BadInputContext): RawRequest;
  expected(entrypoint: Entrypoint): Oracle;
  /** How fast-check prints the case when it fails. */
  [fc.toStringMethod](): string;
}

const INVALID_JSON: Oracle = { status: 400, bodies: [{ error: 'Invalid JSON body' }] };
const NOTE_NOT_FOUND: Oracle = { status: 404, bodies: [{ error: 'Note not found' }] };
const VERSION_MISMATCH: Oracle = { status: 412, bodies: [{ error: 'Version mismatch' }] };
const PAYLOAD_TOO_LARGE: Oracle = { status: 413, bodies: [{ error: 'Payload too large' }] };
const validation = (...fields: string[]): Oracle => ({ status: 400, validation: fields });

function makeCase(
  family: Family,
  describe: string,
  request: (ctx: BadInputContext) => RawRequest,
  expected: Oracle | ((entrypoint: Entrypoint) => Oracle),
): BadInputCase {
  return {
    family,
    request,
    expected: typeof expected === 'function' ? expected : () => expected,
    [fc.toStringMethod]: () =>
      `${family}: ${describe.length > 200 ? `${describe.slice(0, 200)}… (${describe.length} characters)` : describe}`,
  };
}

/** `$otherUserId` and `$noteId` in a body stand for the context's values. */
function withContext(body: string | Buffer, ctx: BadInputContext): string | Buffer {
  if (typeof body !== 'string') return body;
  return body.replaceAll('$otherUserId', ctx.otherUserId).replaceAll('$noteId', ctx.noteId);
}

const CONTENT_TYPES = [
  undefined,
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=latin1',
] as const;

/**
 * A body sent to `POST /notes` or `PATCH /notes/{own note}`, with any `Content-Type` (the
 * contract reads JSON whatever it says) and, when `withKey`, a fresh `Idempotency-Key`.
 */
function bodyCases(
  family: Family,
  bodies: fc.Arbitrary<{ readonly body: string | Buffer; readonly oracle: Oracle }>,
  withKey: fc.Arbitrary<boolean> = fc.boolean(),
): fc.Arbitrary<BadInputCase> {
  return fc
    .tuple(bodies, fc.constantFrom('POST', 'PATCH'), fc.constantFrom(...CONTENT_TYPES), withKey)
    .map(([{ body, oracle }, method, contentType, keyed]) =>
      makeCase(
        family,
        `${method} ${contentType ?? '(no Content-Type)'}${keyed ? ' with a key' : ''} ${typeof body === 'string' ? JSON.stringify(body) : `bytes ${body.toString('hex')}`}`,
        (ctx) => ({
          method,
          path: method === 'POST' ? '/notes' : `/notes/${ctx.noteId}`,
          headers: [
            ['authorization', ctx.token],
            ...(contentType === undefined ? [] : [['content-type', contentType] as [string, string]]),
            ...(keyed ? [['idempotency-key', ctx.nextKey()] as [string, string]] : []),
          ],
          body: withContext(body, ctx),
        }),
        oracle,
      ),
    );
}

const isJson = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const title = fc.string({ minLength: 1, maxLength: 20 });
/** An object key that is neither a field nor one that reaches a prototype. */
const strangerKey = fc
  .string({ minLength: 1, maxLength: 12 })
  .filter((key) => !['title', 'content', '__proto__', 'constructor'].includes(key));
const anyJson = fc.jsonValue({ maxDepth: 2 });

const BROKEN_JSON = [
  "{'title':'x'}",
  '{"title":"x",}',
  '{title:"x"}',
  '{"title":"x"} {"title":"y"}',
  '{"title":"x"}}',
  '{"title":NaN}',
  '{"title":Infinity}',
  '{"title":"x"/* a comment */}',
  '{"title":"\\x41"}',
  '{"title":"a\u0001b"}',
  '{"title":"x"\n',
  '{"title":undefined}',
  '{"title":"x"',
  '[',
  '{',
  'nul',
  'tru',
  '01',
  '+1',
  '.5',
  '0x10',
  '"unterminated',
  ' ',
  '\n\t',
  'title=x&content=y',
  '<note><title>x</title></note>',
] as const;

const brokenJson = bodyCases(
  'broken JSON',
  fc
    .oneof(
      fc.string({ minLength: 1, maxLength: 60 }).filter((text) => !isJson(text)),
      fc.tuple(fc.record({ title, content: fc.string({ maxLength: 30 }) }), fc.nat()).map(([value, cut]) => {
        const text = JSON.stringify(value);
        return text.slice(0, 1 + (cut % (text.length - 1)));
      }),
      fc.constantFrom(...BROKEN_JSON),
    )
    .map((body) => ({ body, oracle: INVALID_JSON })),
);

const BAD_UTF8 = [
  [0xff],
  [0xfe, 0xff],
  [0xc0, 0x80],
  [0xc3],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
] as const;

const notUtf8 = bodyCases(
  'bytes that are not UTF-8',
  fc.tuple(title, fc.constantFrom(...BAD_UTF8), fc.constantFrom('title', 'content')).map(([text, bytes, field]) => ({
    body: Buffer.concat([
      Buffer.from(field === 'title' ? '{"title":"' : `{"title":${JSON.stringify(text)},"content":"`),
      Buffer.from(field === 'title' ? text : ''),
      Buffer.from(bytes),
      Buffer.from('"}'),
    ]),
    oracle: INVALID_JSON,
  })),
);

const notAnObject = bodyCases(
  'JSON that is not an object',
  fc
    .oneof(
      fc.array(anyJson, { maxLength: 4 }),
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 20 }),
    )
    .map((value) => ({ body: JSON.stringify(value), oracle: validation() })),
);

const wrongValue = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.dictionary(strangerKey, fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

const wrongTypes = bodyCases(
  'fields of the wrong type',
  fc.oneof(
    wrongValue.map((value) => ({ body: JSON.stringify({ title: value }), oracle: validation('title') })),
    wrongValue.map((value) => ({ body: JSON.stringify({ content: value }), oracle: validation('content') })),
    fc.tuple(wrongValue, wrongValue).map(([a, b]) => ({
      body: JSON.stringify({ title: a, content: b }),
      oracle: validation('title', 'content'),
    })),
    fc
      .tuple(title, wrongValue)
      .map(([a, b]) => ({ body: JSON.stringify({ title: a, content: b }), oracle: validation('content') })),
  ),
);

const MASS_ASSIGNMENT = [
  'userId',
  'noteId',
  'version',
  'createdAt',
  'updatedAt',
  'owner',
  'ownerId',
  'id',
  'sub',
  'admin',
  'isAdmin',
  'role',
  'groups',
  'cognito:groups',
  'email',
  'scope',
  'pk',
  'sk',
  'TableName',
  'ttl',
] as const;

const massAssignment = bodyCases(
  'unknown and mass-assignment fields',
  fc
    .tuple(
      fc.option(title, { nil: undefined }),
      fc.uniqueArray(fc.oneof(fc.constantFrom(...MASS_ASSIGNMENT), strangerKey), { minLength: 1, maxLength: 3 }),
      // Plain values: a nested object could hold a key of its own that the API names first.
      fc.array(
        fc.oneof(
          fc.string({ maxLength: 12 }),
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.constantFrom('$otherUserId', '$noteId', 2, 99, ['admin']),
        ),
        {
          minLength: 3,
          maxLength: 3,
        },
      ),
    )
    .map(([given, keys, values]) => {
      const body: Record<string, unknown> = given === undefined ? {} : { title: given };
      keys.forEach((key, i) => {
        Object.defineProperty(body, key, { value: values[i], enumerable: true, writable: true, configurable: true });
      });
      return { body: JSON.stringify(body), oracle: validation(...keys) };
    }),
);

const prototypeKeys = bodyCases(
  'keys that reach a prototype',
  fc
    .tuple(
      fc.constantFrom(
        ['__proto__', '"__proto__":{"isAdmin":true}'],
        ['__proto__', '"\\u005f\\u005fproto\\u005f\\u005f":{"isAdmin":true}'],
        ['__proto__', '"__proto__":null'],
        ['constructor', '"constructor":{"prototype":{"isAdmin":true}}'],
      ),
      fc.constantFrom('top', 'title', 'content', 'deep'),
      title,
    )
    .map(([[field, member], where, text]) => {
      const t = JSON.stringify(text);
      const body =
        where === 'top'
          ? `{"title":${t},${member}}`
          : where === 'title'
            ? `{"title":{${member}}}`
            : where === 'content'
              ? `{"title":${t},"content":{${member}}}`
              : `{"title":${t},"extra":[{"inner":{${member}}}]}`;
      return { body, oracle: validation(field) };
    }),
);

const CONTENT_LIMIT = 256 * 1024;
const BODY_LIMIT = 300 * 1024;

const hugeStrings = bodyCases(
  'huge strings and bodies',
  fc.oneof(
    fc
      .tuple(fc.constantFrom('t', 'é', '字', '😀'), fc.integer({ min: 257, max: 3_000 }))
      .map(([c, n]) => ({ body: JSON.stringify({ title: c.repeat(n) }), oracle: validation('title') })),
    fc
      .integer({ min: CONTENT_LIMIT + 1, max: BODY_LIMIT - 1_200 })
      .map((n) => ({ body: JSON.stringify({ title: 'x', content: 'a'.repeat(n) }), oracle: validation('content') })),
    fc
      .integer({ min: CONTENT_LIMIT / 2 + 1, max: (BODY_LIMIT - 1_200) / 2 })
      .map((n) => ({ body: JSON.stringify({ content: 'é'.repeat(n) }), oracle: validation('content') })),
    fc
      .integer({ min: BODY_LIMIT + 1, max: 2 * BODY_LIMIT })
      .map((n) => ({ body: JSON.stringify({ title: 'x', content: 'a'.repeat(n) }), oracle: PAYLOAD_TOO_LARGE })),
    fc
      .integer({ min: BODY_LIMIT + 1, max: 2 * BODY_LIMIT })
      .map((n) => ({ body: `${' '.repeat(n)}{"title":"x"}`, oracle: PAYLOAD_TOO_LARGE })),
  ),
);

function nested(depth: number, shape: 'array' | 'object'): string {
  return shape === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

/** Valid JSON too deep to be a note: a validation failure, or a parser that refuses the depth. */
const TOO_DEEP: Oracle = {
  status: 400,
  bodies: [{ error: 'Invalid JSON body' }],
  validation: [],
};

const deepBodies = fc
  .tuple(
    fc.integer({ min: 2, max: 20_000 }),
    fc.constantFrom('array', 'object'),
    fc.constantFrom('title', 'content', 'extra'),
  )
  .map(([depth, shape, where]) => {
    const value = nested(depth, shape as 'array' | 'object');
    const body =
      where === 'title'
        ? `{"title":${value}}`
        : where === 'content'
          ? `{"title":"x","content":${value}}`
          : `{"title":"x","extra":${value}}`;
    return { body, oracle: TOO_DEEP };
  });

const deepNesting = bodyCases('deep nesting', deepBodies, fc.constant(false));
const deepNestingWithKey = bodyCases('deep nesting with an Idempotency-Key', deepBodies, fc.constant(true));

const loneSurrogates = bodyCases(
  'lone surrogates in JSON escapes',
  fc
    .tuple(
      fc.constantFrom('\\ud800', '\\udbff', '\\udc00', '\\udfff', '\\udc00\\ud800'),
      fc.constantFrom('title', 'content'),
      title,
    )
    .map(([surrogate, field, text]) => ({
      body:
        field === 'title' ? `{"title":"a${surrogate}b"}` : `{"title":${JSON.stringify(text)},"content":"${surrogate}"}`,
      oracle: validation(field),
    })),
);

/** A listing request: the caller's `GET /notes`, or the admin's listing of the other user. */
function listingCase(
  family: Family,
  describe: string,
  query: (ctx: BadInputContext) => string,
  field: string,
  admin: boolean,
): BadInputCase {
  return makeCase(
    family,
    `${admin ? 'admin route' : 'GET /notes'}?${describe}`,
    (ctx) => ({
      method: 'GET',
      path: `${admin ? `/admin/users/${ctx.otherUserId}/notes` : '/notes'}?${query(ctx)}`,
      headers: [['authorization', admin ? ctx.adminToken : ctx.token]],
    }),
    validation(field),
  );
}

const BAD_LIMITS = [
  '0',
  '101',
  '-1',
  '1.5',
  '1e1',
  '0x10',
  '',
  ' 1',
  '1 ',
  '+1',
  '١',
  'ten',
  'null',
  '[1]',
  '1,2',
  '99999',
  'NaN',
  'Infinity',
];

const badLimits = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...BAD_LIMITS),
      fc.integer({ min: -1_000_000_000, max: 0 }).map(String),
      fc.integer({ min: 101, max: 9_999 }).map(String),
      fc.string({ minLength: 1, maxLength: 12 }).filter((text) => /\D/.test(text)),
    ),
    fc.boolean(),
  )
  .map(([limit, admin]) =>
    listingCase(
      'bad limits',
      `limit=${JSON.stringify(limit)}`,
      () => `limit=${encodeURIComponent(limit)}`,
      'limit',
      admin,
    ),
  );

const repeatedParameters = fc
  .tuple(
    fc.constantFrom('limit', 'nextToken'),
    fc.integer({ min: 1, max: 100 }),
    fc.integer({ min: 1, max: 100 }),
    fc.boolean(),
  )
  .map(([name, a, b, admin]) =>
    listingCase(
      'repeated query parameters',
      `${name} twice`,
      (ctx) =>
        name === 'limit'
          ? `limit=${a}&limit=${b}`
          : `nextToken=${encodeURIComponent(admin ? ctx.foreignCursor : ctx.ownCursor)}&nextToken=${encodeURIComponent(admin ? ctx.foreignCursor : ctx.ownCursor)}`,
      name,
      admin,
    ),
  );

/** A genuine token changed in one character that counts (never into itself). */
function altered(token: string, at: number, by: string): string {
  const i = at % token.length;
  const replacement = token[i] === by ? (by === 'A' ? 'B' : 'A') : by;
  return `${token.slice(0, i)}${replacement}${token.slice(i + 1)}`;
}

const badPageTokens = fc
  .tuple(
    fc.oneof(
      fc.string({ minLength: 1, maxLength: 80 }).map((text) => ({ kind: 'random', make: () => text })),
      fc.base64String({ minLength: 4, maxLength: 120 }).map((text) => ({ kind: 'base64', make: () => text })),
      fc
        .tuple(fc.nat(), fc.constantFrom('A', 'z', '0', '-', '_', '.'))
        .map(([at, by]) => ({ kind: 'altered', make: (ctx: BadInputContext) => altered(ctx.ownCursor, at, by) })),
      fc.nat().map((cut) => ({
        kind: 'truncated',
        make: (ctx: BadInputContext) => ctx.ownCursor.slice(0, cut % ctx.ownCursor.length) || 'v',
      })),
      fc.constant({ kind: 'another user’s', make: (ctx: BadInputContext) => ctx.foreignCursor }),
      fc.constant({ kind: 'another version', make: (ctx: BadInputContext) => `v2${ctx.ownCursor.slice(2)}` }),
      fc
        .string({ minLength: 1, maxLength: 4 })
        .map((junk) => ({ kind: 'with junk', make: (ctx: BadInputContext) => `${ctx.ownCursor}${junk}` })),
      fc.integer({ min: 4_000, max: 8_000 }).map((n) => ({ kind: 'huge', make: () => 'v1.'.padEnd(n, 'A') })),
    ),
    fc.boolean(),
  )
  .map(([token, admin]) =>
    listingCase(
      'bad page tokens',
      `nextToken (${token.kind})`,
      // The admin route lists the other user: the caller's own token is foreign there too.
      (ctx) =>
        `limit=2&nextToken=${encodeURIComponent(token.kind === 'another user’s' && admin ? ctx.ownCursor : token.make(ctx))}`,
      'nextToken',
      admin,
    ),
  );

/** A change the caller's note must never get: `PATCH` with a body, or `DELETE`. */
function changeCase(
  family: Family,
  describe: string,
  headers: (ctx: BadInputContext) => [string, string][],
  oracle: Oracle | ((entrypoint: Entrypoint) => Oracle),
  method: 'PATCH' | 'DELETE' | 'POST',
): BadInputCase {
  return makeCase(
    family,
    `${method} ${describe}`,
    (ctx) => ({
      method,
      path: method === 'POST' ? '/notes' : `/notes/${ctx.noteId}`,
      headers: [['authorization', ctx.token], ...headers(ctx)],
      ...(method === 'DELETE' ? {} : { body: JSON.stringify({ title: 'this must never be stored' }) }),
    }),
    oracle,
  );
}

const NEVER_A_VERSION = [
  'W/"1"',
  'W/1',
  '"1',
  '1"',
  '""',
  '"0"',
  '"01"',
  '1.0',
  '"1.0"',
  '"1" "1"',
  '"1", "1"',
  '1,1',
  '"-1"',
  '"1e0"',
  '"0x1"',
  '**',
  '"*"',
];

const badIfMatch = fc
  .tuple(
    fc.oneof(
      fc.constantFrom(...NEVER_A_VERSION),
      // The note stays at version 1: any other version is stale.
      fc.integer({ min: 2, max: 999_999_999_999 }).map((n) => `"${n}"`),
      fc.integer({ min: 2, max: 999_999_999_999 }).map(String),
      fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 20 }).filter((text) => /[^0-9"*\s]/.test(text)),
    ),
    fc.constantFrom('PATCH', 'DELETE') as fc.Arbitrary<'PATCH' | 'DELETE'>,
  )
  .map(([value, method]) =>
    changeCase(
      'If-Match no version satisfies',
      `If-Match ${JSON.stringify(value)}`,
      () => [['if-match', value]],
      VERSION_MISMATCH,
      method,
    ),
  );

const repeatedIfMatch = fc.constantFrom('PATCH', 'DELETE').map((method) =>
  changeCase(
    'repeated If-Match',
    'If-Match "1" twice (a list: it never matches)',
    () => [
      ['if-match', '"1"'],
      ['if-match', '"1"'],
    ],
    VERSION_MISMATCH,
    method as 'PATCH' | 'DELETE',
  ),
);

const safeChar = fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.');
const badKeys = fc
  .tuple(
    fc.oneof(
      fc.constant(''),
      fc.string({ unit: safeChar, minLength: 256, maxLength: 1_000 }),
      fc
        .tuple(
          fc.string({ unit: safeChar, minLength: 1, maxLength: 8 }),
          fc.constantFrom('\t', 'é', '\u00a0', 'ÿ', '\u0080'),
          fc.string({ unit: safeChar, minLength: 1, maxLength: 8 }),
        )
        .map(([a, odd, b]) => `${a}${odd}${b}`),
    ),
    fc.constantFrom('POST', 'PATCH', 'DELETE') as fc.Arbitrary<'POST' | 'PATCH' | 'DELETE'>,
  )
  .map(([key, method]) =>
    changeCase(
      'bad Idempotency-Keys',
      `Idempotency-Key ${JSON.stringify(key.slice(0, 40))} (${key.length} characters)`,
      () => [['idempotency-key', key]],
      validation('Idempotency-Key'),
      method,
    ),
  );

const ULID_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const SPECIAL_IDS = [
  '..',
  '%2e%2e',
  '%2e%2e%2fadmin',
  'a%2Fb',
  '%00',
  '%20',
  '%252F',
  'null',
  'undefined',
  '%7B%7D',
  '*',
  '%2A',
];

const badNoteIds = fc
  .tuple(
    fc.oneof(
      fc
        .string({ minLength: 1, maxLength: 40 })
        .filter((id) => id !== '.' && id !== '..')
        .map((id) => encodeURIComponent(id)),
      // The server's format, lower-cased, or a first character past a ULID's range.
      fc
        .string({ unit: fc.constantFrom(...ULID_ALPHABET), minLength: 26, maxLength: 26 })
        .map((id) => id.toLowerCase()),
      fc.string({ unit: fc.constantFrom(...ULID_ALPHABET), minLength: 25, maxLength: 25 }).map((id) => `Z${id}`),
      fc.string({ unit: fc.constantFrom(...ULID_ALPHABET), minLength: 27, maxLength: 27 }),
      fc.uuid().map((id) => `${id}0`),
      fc.integer({ min: 200, max: 4_000 }).map((n) => 'a'.repeat(n)),
      fc.constantFrom(...SPECIAL_IDS),
      // Well-formed ids of notes that never existed.
      fc
        .string({ unit: fc.constantFrom(...ULID_ALPHABET.slice(0, 8)), minLength: 1, maxLength: 1 })
        .chain((first) =>
          fc
            .string({ unit: fc.constantFrom(...ULID_ALPHABET), minLength: 25, maxLength: 25 })
            .map((rest) => `${first}${rest}`),
        ),
    ),
    fc.constantFrom('GET', 'PATCH', 'DELETE'),
  )
  .map(([id, method]) =>
    makeCase(
      'note ids in no known format',
      `${method} /notes/${id.slice(0, 60)}`,
      (ctx) => ({
        method,
        path: `/notes/${id}`,
        headers: [['authorization', ctx.token]],
        ...(method === 'PATCH' ? { body: '{"title":"this must never be stored"}' } : {}),
      }),
      NOTE_NOT_FOUND,
    ),
  );

const BROKEN_ENCODINGS = ['%', '%E0%A4%A', '%zz', '%ED%A0%80', 'abc%', '%C0%AF', '%FF'];

/**
 * The Lambda runtime reads an undecodable id as an id (404 "Note not found"); Express finds no
 * route for it (404 "Not found"). Either is the contract's 404.
 */
const brokenEncoding = fc
  .tuple(fc.constantFrom(...BROKEN_ENCODINGS), fc.constantFrom('GET', 'PATCH', 'DELETE'))
  .map(([id, method]) =>
    makeCase(
      'broken percent-encoding',
      `${method} /notes/${id}`,
      (ctx) => ({
        method,
        path: `/notes/${id}`,
        headers: [['authorization', ctx.token]],
        ...(method === 'PATCH' ? { body: '{"title":"this must never be stored"}' } : {}),
      }),
      { status: 404, bodies: [{ error: 'Note not found' }, { error: 'Not found' }] },
    ),
  );

const UNDEFINED_ROUTES: readonly [string, string][] = [
  ['PUT', '/notes'],
  ['PATCH', '/notes'],
  ['DELETE', '/notes'],
  ['POST', '/notes/$noteId'],
  ['PUT', '/notes/$noteId'],
  ['GET', '/notes/$noteId/history'],
  ['GET', '/notes/$noteId/../../admin'],
  ['GET', '/admin/users/$otherUserId'],
  ['GET', '/admin/users'],
  ['POST', '/admin/users/$otherUserId/notes'],
  ['DELETE', '/admin/users/$otherUserId/notes'],
  ['GET', '/notez'],
  ['GET', '/NOTES'],
  ['GET', '/Notes/$noteId'],
  ['GET', '/admin'],
];

const undefinedRoutes = fc.constantFrom(...UNDEFINED_ROUTES).map(([method, path]) =>
  makeCase(
    'methods and paths the API does not define',
    `${method} ${path}`,
    (ctx) => ({
      method,
      path: withContext(path, ctx) as string,
      headers: [['authorization', ctx.token]],
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: '{"title":"this must never be stored"}' }),
    }),
    (entrypoint) => {
      const answer = ENTRYPOINT_ANSWERS[entrypoint].undefinedRoute;
      return { status: answer.status, bodies: [answer.body] };
    },
  ),
);

const overlongUserIds = fc
  .string({ unit: safeChar, minLength: 129, maxLength: 3_000 })
  .map((userId) =>
    makeCase(
      'overlong user ids on the admin route',
      `admin route for a ${userId.length}-character user id`,
      (ctx) => ({ method: 'GET', path: `/admin/users/${userId}/notes`, headers: [['authorization', ctx.adminToken]] }),
      validation('userId'),
    ),
  );

const ARBITRARIES: Readonly<
  Record<Family, { readonly weight: number; readonly arbitrary: fc.Arbitrary<BadInputCase> }>
> = {
  'broken JSON': { weight: 4, arbitrary: brokenJson },
  'bytes that are not UTF-8': { weight: 1, arbitrary: notUtf8 },
  'JSON that is not an object': { weight: 2, arbitrary: notAnObject },
  'fields of the wrong type': { weight: 3, arbitrary: wrongTypes },
  'unknown and mass-assignment fields': { weight: 4, arbitrary: massAssignment },
  'keys that reach a prototype': { weight: 2, arbitrary: prototypeKeys },
  'huge strings and bodies': { weight: 1, arbitrary: hugeStrings },
  'deep nesting': { weight: 1, arbitrary: deepNesting },
  'deep nesting with an Idempotency-Key': { weight: 1, arbitrary: deepNestingWithKey },
  'lone surrogates in JSON escapes': { weight: 1, arbitrary: loneSurrogates },
  'bad limits': { weight: 2, arbitrary: badLimits },
  'repeated query parameters': { weight: 1, arbitrary: repeatedParameters },
  'bad page tokens': { weight: 3, arbitrary: badPageTokens },
  'If-Match no version satisfies': { weight: 2, arbitrary: badIfMatch },
  'repeated If-Match': { weight: 1, arbitrary: repeatedIfMatch },
  'bad Idempotency-Keys': { weight: 2, arbitrary: badKeys },
  'note ids in no known format': { weight: 3, arbitrary: badNoteIds },
  'broken percent-encoding': { weight: 1, arbitrary: brokenEncoding },
  'methods and paths the API does not define': { weight: 1, arbitrary: undefinedRoutes },
  'overlong user ids on the admin route': { weight: 1, arbitrary: overlongUserIds },
};

/**
 * Cases of every family but the ones left out (the entrypoint's stated differences).
 *
 * @example
 * fc.asyncProperty(badInputCases(STATED_DIFFERENCES.express), async (c) => check(await client.send(c.request(ctx)), c.expected('express')))
 */
export function badInputCases(leftOut: readonly Family[] = []): fc.Arbitrary<BadInputCase> {
  return fc.oneof(...FAMILIES.filter((family) => !leftOut.includes(family)).map((family) => ARBITRARIES[family]));
}

/** The one case of a family, for the stated-difference tests. */
export function sampleOf(family: Family, seed = 1): BadInputCase {
  return fc.sample(ARBITRARIES[family].arbitrary, { numRuns: 1, seed })[0] as BadInputCase;
}

/**
 * Why an answer is not the contract's, or `undefined` when it is.
 *
 * @example
 * const problem = mismatch(answer, tried.expected('express'));
 */
export function mismatch(answer: RawResponse, oracle: Oracle): string | undefined {
  const shown = `${answer.status} ${answer.text.slice(0, 300)}`;
  if (answer.status >= 500) return `a server error: ${shown}`;
  if (answer.status !== oracle.status) return `expected ${oracle.status}, got ${shown}`;
  if (!/^application\/json/i.test(String(answer.headers['content-type'] ?? ''))) return `not JSON: ${shown}`;
  const body = answer.json as { error?: unknown; details?: unknown } | undefined;
  if (oracle.bodies?.some((allowed) => JSON.stringify(allowed) === JSON.stringify(body))) return undefined;
  if (oracle.validation !== undefined && body?.error === 'Validation failed') {
    const details = body.details as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(details) || details.length === 0) return `a validation failure without details: ${shown}`;
    for (const detail of details) {
      if (typeof detail.field !== 'string' || typeof detail.message !== 'string' || detail.message === '') {
        return `a detail without a field or a message: ${shown}`;
      }
    }
    const named = details.map((detail) => detail.field);
    const missing = oracle.validation.filter((field) => !named.includes(field));
    return missing.length === 0 ? undefined : `the details do not name ${missing.join(', ')}: ${shown}`;
  }
  return `expected ${oracle.bodies === undefined ? 'a validation failure' : JSON.stringify(oracle.bodies)}, got ${shown}`;
}
