/**
 * OWASP API1 (broken object level authorization), property-based: fast-check generates random
 * sequences of create, get, list, page, update and delete by four users (one of them an admin),
 * and of asking for, confirming, reading and deleting attachments,
 * each aimed at anyone's note, a deleted one or one that never was, with and without `If-Match`,
 * with ID and access tokens; every answer is compared with a model of what each user owns. No
 * user may ever read, list, change or delete another's note. It runs on every entrypoint and
 * backend pair (Express over memory and over dynalite, the Lambda handler over dynalite behind
 * each authorizer), one stack per pair kept across its runs, at least 2,000 operations each
 * (`SUITE_SCALE` multiplies them). After every run each user's listing, and on dynalite the
 * table itself, must hold exactly the model's notes.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Actor,
  checkEveryListing,
  clearEveryUsersNotes,
  type IsolationCounts,
  type IsolationModel,
  type IsolationReal,
  isolationCommands,
} from '../../testing/security/isolation-model.js';
import { rawClient } from '../../testing/security/raw-http.js';
import { report, scaled, scaledTimeout } from '../../testing/security/report.js';
import {
  type RuntimeName,
  type SecurityEnvironment,
  startSecurityEnvironment,
} from '../../testing/security/security-environment.js';

/** Each runtime and the store behind it (`dynamodb`: the embedded dynalite). */
const PAIRS: readonly [RuntimeName, 'memory' | 'dynamodb'][] = [
  ['express', 'memory'],
  ['express', 'dynamodb'],
  ['lambda-cognito', 'dynamodb'],
  ['lambda-token', 'dynamodb'],
  ['lambda-request', 'dynamodb'],
];
const OPERATIONS_PER_PAIR = scaled(2_000);
/** Long enough for listings to span pages and for notes to change hands of the model often. */
const MAX_COMMANDS_PER_RUN = 60;

let env: SecurityEnvironment;
let actors: Actor[];

beforeAll(async () => {
  env = await startSecurityEnvironment();
  actors = [];
  for (const [name, admin] of [
    ['alice', false],
    ['bob', false],
    ['carol', false],
    ['admin', true],
  ] as const) {
    const user = await env.user(name, { admin });
    actors.push({ name, userId: user.userId, admin, idToken: user.idToken, accessToken: user.accessToken });
  }
});

afterAll(async () => {
  await env?.close();
});

/** What the table holds for the actors, in the model's terms. */
async function storedNotes(): Promise<string> {
  const items = await env.storedItems(actors.map((actor) => actor.userId));
  return JSON.stringify(
    items
      .map(({ userId, noteId, title, content, version, attachments }) => ({
        userId,
        noteId,
        title,
        content,
        version,
        // The records as the repository keeps them: one JSON text, absent until the first file.
        attachments:
          typeof attachments === 'string'
            ? (JSON.parse(attachments) as { attachmentId: string }[]).map((a) => a.attachmentId)
            : [],
      }))
      .sort((a, b) => (String(a.noteId) < String(b.noteId) ? -1 : 1)),
  );
}

function modelNotes(model: IsolationModel): string {
  return JSON.stringify([...model.notes.values()].sort((a, b) => (a.noteId < b.noteId ? -1 : 1)));
}

describe.each(PAIRS)('isolation between users on %s over %s', (runtime, store) => {
  it(
    `no user ever reads, lists, changes or deletes another’s note (${OPERATIONS_PER_PAIR} operations or more)`,
    async () => {
      const startedAt = performance.now();
      const api = await env.startApi(runtime, store);
      const client = rawClient(api.baseUrl);
      const counts: IsolationCounts = { operations: 0, refused: 0, commands: 0 };
      const real: IsolationReal = { client, entrypoint: api.entrypoint, actors, counts };
      let runs = 0;
      let broken = false;
      try {
        const property = fc.asyncProperty(
          fc.commands(isolationCommands(actors.length), { maxCommands: MAX_COMMANDS_PER_RUN, size: 'max' }),
          async (commands) => {
            const model: IsolationModel = { notes: new Map(), gone: [] };
            await fc.asyncModelRun(async () => {
              await clearEveryUsersNotes(real);
              return { model, real };
            }, commands);
            await checkEveryListing(model, real);
            if (store === 'dynamodb') expect(await storedNotes()).toBe(modelNotes(model));
            runs += 1;
          },
        );
        while (counts.operations < OPERATIONS_PER_PAIR) {
          // About 1.5 requests per command and half the maximum commands per run, on average.
          const numRuns = Math.max(
            1,
            Math.ceil((OPERATIONS_PER_PAIR - counts.operations) / (0.75 * MAX_COMMANDS_PER_RUN)),
          );
          await fc.assert(property, { numRuns });
        }
      } catch (error) {
        broken = true;
        throw error;
      } finally {
        client.close();
        report(
          'isolation',
          api.label,
          {
            runs,
            commands: counts.commands,
            tried: counts.operations,
            refused: counts.refused,
            // fast-check stops at the first operation the model disagrees with, and shrinks it.
            lost: broken ? 1 : 0,
          },
          startedAt,
        );
      }

      expect(counts.operations).toBeGreaterThanOrEqual(OPERATIONS_PER_PAIR);
      // Cross-user attempts happened, and every one was refused (a single one let through fails the run).
      expect(counts.refused).toBeGreaterThan(0);
    },
    scaledTimeout(120_000),
  );
});
