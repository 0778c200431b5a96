/**
 * The shared scenario suite, unchanged, through the Lambda runtime: the notes function's
 * bundle behind the local API Gateway at /dev, with the tutorial's Part VI: the Cognito user pool authorizer.
 * The contract's per-entrypoint table says where the answers may differ from Express's.
 */
import { describeNotesApiScenarios } from '@secure-notes/http-api/testing';
import { scenarioEnvironment } from './testing/scenario-environment.js';
import { startTestStack } from './testing/stack.js';

describeNotesApiScenarios('the Lambda runtime behind the local API Gateway, AUTHORIZER=cognito', async () =>
  scenarioEnvironment(await startTestStack({ apiRuntime: 'lambda', authorizer: 'cognito' })),
);
