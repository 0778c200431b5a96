/**
 * `npm start` with the settings of real services in the environment: the API uses that table
 * and that user pool, and starts no emulator and no local Cognito of its own. A separately
 * started emulator and local Cognito stand in for the real ones here.
 */
import 'reflect-metadata';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoDbDocumentClient } from '@secure-notes/adapters-aws';
import { startCognitoForTest } from '@secure-notes/local-cognito/testing';
import { startLocalDynamoDb } from '@secure-notes/local-dynamodb';
import { type ApiRuntime, banner, startLocalStack } from '@secure-notes/local-stack';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createUser, signIn, subOf } from './testing/stack.js';

describe.each<[string, ApiRuntime, string]>([
  ['the Express runtime', 'express', ''],
  ['the Lambda runtime', 'lambda', '/dev'],
])('the stack pointed at real services by the environment, %s', (_name, apiRuntime, stage) => {
  it('stores notes in the named table and accepts the named pool’s tokens, starting neither emulator', async () => {
    // Sign-in stops at the redirect, so any callback URL registered on the pool's client will do.
    const callbackUrl = 'http://localhost:3000/callback';
    const table = await startLocalDynamoDb({ port: 0, tableName: 'TeamNotes' });
    const { cognito } = await startCognitoForTest({ callbackUrls: [callbackUrl] });
    const documents = createDynamoDbDocumentClient({ endpoint: table.endpoint, region: 'eu-west-1' });
    const stack = await startLocalStack({
      apiPort: 0,
      s3Port: 0,
      apiRuntime,
      ...(apiRuntime === 'lambda' ? { authorizer: 'token' as const } : {}),
      store: 'dynamodb',
      logger: pino({ level: 'silent' }),
      environment: {
        NOTES_TABLE: 'TeamNotes',
        AWS_REGION: 'eu-west-1',
        DYNAMODB_ENDPOINT: table.endpoint,
        COGNITO_USER_POOL_ID: cognito.userPoolId,
        COGNITO_CLIENT_IDS: cognito.clientId,
        COGNITO_ISSUER: cognito.issuer,
      },
    });
    try {
      await createUser({ cognito, callbackUrl }, 'carol@example.com');
      const { id_token } = await signIn({ cognito, callbackUrl }, 'carol@example.com');

      const created = await fetch(`${stack.apiUrl}${stage}/notes`, {
        method: 'POST',
        headers: { Authorization: id_token },
        body: '{"title": "In the team table"}',
      });
      const note = (await created.json()) as { noteId: string };
      const stored = await documents.send(
        new GetCommand({ TableName: 'TeamNotes', Key: { userId: subOf(id_token), noteId: note.noteId } }),
      );

      expect(created.status).toBe(201);
      expect(stored.Item).toMatchObject({ title: 'In the team table' });
      expect(stack.cognito).toBeUndefined();
      expect(stack.dynamoDb).toBeUndefined();
      expect(banner(stack)).toContain('table TeamNotes (NOTES_STORE=dynamodb, your table)');
      expect(banner(stack)).toContain('(your user pool: COGNITO_USER_POOL_ID)');
      expect(banner(stack)).toContain(apiRuntime === 'lambda' ? 'Lambda authorizer, TOKEN' : 'Express runtime');
    } finally {
      documents.destroy();
      await stack.close();
      await cognito.close();
      await table.close();
    }
  });
});
