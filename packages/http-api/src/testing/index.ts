/**
 * The scenario suite of the Notes API: every rule of the API reference, stated against a base
 * URL and the users' tokens only, so that it runs unchanged against every entrypoint (the
 * Express server, the Lambda handler behind the local API Gateway in each authorizer mode, the
 * whole local stack) and expects exactly the per-entrypoint differences the contract lists.
 * Topic files over one shared context, the way keyv's test-suite package is built.
 *
 * @example
 * describeNotesApiScenarios('Express over memory', async () => ({ baseUrl, entrypoint: 'express', users, tokens, storeSeedNote }));
 */
import { afterAll, beforeAll, describe } from 'vitest';
import { type NotesApiScenarioEnvironment, type NotesApiScenarioOptions, ScenarioContext } from './context.js';
import { adminScenarios } from './scenarios/admin.js';
import { attachmentAttackScenarios } from './scenarios/attachment-attacks.js';
import { attachmentScenarios } from './scenarios/attachments.js';
import { authenticationScenarios } from './scenarios/authentication.js';
import { badInputScenarios } from './scenarios/bad-input.js';
import { concurrencyScenarios } from './scenarios/concurrency.js';
import { createScenarios } from './scenarios/create.js';
import { deleteScenarios } from './scenarios/delete.js';
import { idempotencyScenarios } from './scenarios/idempotency.js';
import { isolationScenarios } from './scenarios/isolation.js';
import { listScenarios } from './scenarios/list.js';
import { readScenarios } from './scenarios/read.js';
import { routeScenarios } from './scenarios/routes.js';
import { tutorialScenarios } from './scenarios/tutorial.js';
import { tutorialLambdaNotesScenarios } from './scenarios/tutorial-lambda-notes.js';
import { updateScenarios } from './scenarios/update.js';

export { ApiClient, type ApiRequest, type ApiResponse } from './api-client.js';
export {
  INVALID_NOTE_IDS,
  LIMITS,
  marker,
  type NotesApiScenarioEnvironment,
  type NotesApiScenarioOptions,
  type ScenarioAttachments,
  ScenarioContext,
  type ScenarioUser,
  type SeedNoteItem,
} from './context.js';
export * from './expectations.js';
export { postUpload, SCENARIO_ATTACHMENT_SETTINGS } from './scenarios/attachments.js';

/** The topics, in the order they run. */
export const SCENARIO_TOPICS = {
  "the tutorial's Part VII": tutorialScenarios,
  authentication: authenticationScenarios,
  'POST /notes': createScenarios,
  'GET /notes/{noteId}': readScenarios,
  'PATCH /notes/{noteId}': updateScenarios,
  'DELETE /notes/{noteId}': deleteScenarios,
  'GET /notes': listScenarios,
  'GET /admin/users/{userId}/notes': adminScenarios,
  'isolation between users': isolationScenarios,
  'concurrent changes': concurrencyScenarios,
  'bad input gets a clear error and changes nothing': badInputScenarios,
  "notes the tutorial's Lambda wrote": tutorialLambdaNotesScenarios,
  'routes the API does not define': routeScenarios,
  'safe retries with Idempotency-Key': idempotencyScenarios,
  'files on a note': attachmentScenarios,
  'attacks on files': attachmentAttackScenarios,
} satisfies Record<string, (ctx: ScenarioContext) => void>;

/**
 * Registers every scenario under `describe(name)`. `setup` runs once, before them. Tests run one
 * at a time (vitest's default within a file), and nothing else may write these users' notes
 * while the suite runs: listing scenarios rely on "newest first".
 */
export function describeNotesApiScenarios(
  name: string,
  setup: () => Promise<NotesApiScenarioEnvironment>,
  options: NotesApiScenarioOptions = {},
): void {
  const ctx = new ScenarioContext(options);
  describe(name, () => {
    let environment: NotesApiScenarioEnvironment | undefined;
    beforeAll(async () => {
      environment = await setup();
      ctx.start(environment);
    });
    afterAll(async () => {
      await environment?.close?.();
    });
    for (const [topic, register] of Object.entries(SCENARIO_TOPICS)) describe(topic, () => register(ctx));
  });
}
export { type ConformanceRecord, openApiConformance } from './openapi-conformance.js';
