/**
 * The shared scenario suite, unchanged, through the Lambda runtime: the notes function's
 * bundle behind the local API Gateway at /dev, with the tutorial's Part VIII: a TOKEN Lambda authorizer with its 300 s cache.
 * The contract's per-entrypoint table says where the answers may differ from Express's.
 */
import { describeNotesApiScenarios } from '@secure-notes/http-api/testing';
import { scenarioEnvironment } from './testing/scenario-environment.js';
import { startTestStack } from './testing/stack.js';

describeNotesApiScenarios('the Lambda runtime behind the local API Gateway, AUTHORIZER=token', async () =>
  scenarioEnvironment(await startTestStack({ apiRuntime: 'lambda', authorizer: 'token' })),
);
