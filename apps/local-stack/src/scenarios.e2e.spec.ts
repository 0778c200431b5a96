/**
 * Every rule of the API reference, as the shared scenario suite states them, against the whole
 * local stack: the API on the embedded DynamoDB emulator, with real tokens from the local
 * Cognito (ID tokens, access tokens of each scope, and a token that really expired).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '@secure-notes/adapters-aws';
import { describeNotesApiScenarios } from '@secure-notes/http-api/testing';
import { createUser, signIn, startTestStack, subOf } from './test-support/stack.js';

describeNotesApiScenarios('the local stack with local Cognito tokens', async () => {
  const { stack, setCognitoClockOffset } = await startTestStack();
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
    baseUrl: stack.apiUrl,
    entrypoint: 'express',
    users: { alice: await user(emails.alice), bob: await user(emails.bob), admin: await user(emails.admin) },
    tokens: {
      expired,
      readOnly: await accessToken('openid notes/read'),
      writeOnly: await accessToken('openid notes/write'),
      noScope: await accessToken('openid email profile'),
    },
    storeSeedNote: async (item) => {
      await documents.send(new PutCommand({ TableName: stack.dynamoDb!.tableName, Item: { ...item } }));
    },
    close: async () => {
      documents.destroy();
      await stack.close();
    },
  };
});
