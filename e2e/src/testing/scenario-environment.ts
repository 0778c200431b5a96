/**
 * The shared scenario suite's environment on a running local stack, whichever runtime serves
 * the API: three users with real ID tokens from the local Cognito (one of them in the `admin`
 * group), access tokens of each scope, a token that really expired (issued two hours ago by the
 * pool's own clock), and notes written straight into the table as the tutorial's Lambda wrote them.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '@secure-notes/adapters-aws';
import type { Entrypoint } from '@secure-notes/http-api';
import { type NotesApiScenarioEnvironment, SCENARIO_ATTACHMENT_SETTINGS } from '@secure-notes/http-api/testing';
import { createUser, signIn, subOf, type TestStack } from './stack.js';

/** The entrypoint the contract expects of a stack. */
export function entrypointOf({ stack }: TestStack): Entrypoint {
  if (stack.apiRuntime === 'express') return 'express';
  return stack.authorizer === 'cognito' || stack.authorizer === undefined
    ? 'gateway-cognito'
    : 'gateway-lambda-authorizer';
}

/**
 * @example
 * describeNotesApiScenarios('the local stack', async () => scenarioEnvironment(await startTestStack()));
 */
export async function scenarioEnvironment(running: TestStack): Promise<NotesApiScenarioEnvironment> {
  const { stack, setCognitoClockOffset } = running;
  const emails = { alice: 'alice@example.com', bob: 'bob@example.com', admin: 'admin@example.com' };
  await createUser(stack, emails.alice);
  await createUser(stack, emails.bob);
  await createUser(stack, emails.admin, { admin: true });
  const user = async (email: string) => {
    const { id_token } = await signIn(stack, email);
    return { token: id_token, userId: subOf(id_token) };
  };
  const accessToken = async (scope: string) => (await signIn(stack, emails.bob, { scope })).access_token;

  // A token issued two hours ago by the pool's own clock: genuinely expired an hour ago.
  setCognitoClockOffset(-2 * 60 * 60 * 1000);
  const expired = (await signIn(stack, emails.bob)).id_token;
  setCognitoClockOffset(0);

  const documents = createDynamoDbDocumentClient({ endpoint: stack.dynamoDb!.endpoint, region: stack.cognito!.region });
  return {
    // The Express server answers at the root too; behind API Gateway the routes start at the stage.
    baseUrl: stack.baseUrl,
    entrypoint: entrypointOf(running),
    users: { alice: await user(emails.alice), bob: await user(emails.bob), admin: await user(emails.admin) },
    tokens: {
      expired,
      readOnly: await accessToken('openid notes/read'),
      writeOnly: await accessToken('openid notes/write'),
      noScope: await accessToken('openid email profile'),
    },
    attachments: { settings: SCENARIO_ATTACHMENT_SETTINGS, objectKeys: (prefix) => stack.s3.keys(prefix) },
    storeSeedNote: async (item) => {
      await documents.send(new PutCommand({ TableName: stack.dynamoDb!.tableName, Item: { ...item } }));
    },
    close: async () => {
      documents.destroy();
      await stack.close();
    },
  };
}
