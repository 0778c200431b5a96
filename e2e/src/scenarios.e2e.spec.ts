/**
 * Every rule of the API reference, as the shared scenario suite states them, against the whole
 * local stack: the API on the embedded DynamoDB emulator, with real tokens from the local
 * Cognito (ID tokens, access tokens of each scope, and a token that really expired).
 */
import { describeNotesApiScenarios } from '@secure-notes/http-api/testing';
import { scenarioEnvironment } from './testing/scenario-environment.js';
import { startTestStack } from './testing/stack.js';

describeNotesApiScenarios('the local stack with local Cognito tokens', async () =>
  scenarioEnvironment(await startTestStack()),
);
