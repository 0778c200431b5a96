import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PortInUseError } from '@secure-notes/service-kit';
import { describe, expect, it } from 'vitest';
import { startEmbeddedDynamoDb } from './embedded.js';

async function listTables(endpoint: string): Promise<unknown> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': 'DynamoDB_20120810.ListTables',
      authorization:
        'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
      'x-amz-date': '20260101T000000Z',
    },
    body: '{}',
  });
  return response.json();
}

describe('startEmbeddedDynamoDb', () => {
  it('answers DynamoDB requests on the port the system picked', async () => {
    const dynamodb = await startEmbeddedDynamoDb();
    try {
      expect(dynamodb.port).toBeGreaterThan(0);
      expect(await listTables(dynamodb.endpoint)).toEqual({ TableNames: [] });
    } finally {
      await dynamodb.close();
    }
  });

  it('says which setting to change for a port in use, and leaves its data folder free for a retry', async () => {
    const path = await mkdtemp(join(tmpdir(), 'embedded-dynamodb-'));
    const holder = await startEmbeddedDynamoDb();
    try {
      const refused = startEmbeddedDynamoDb({ port: holder.port, path, setting: 'DYNAMODB_PORT' });
      await expect(refused).rejects.toBeInstanceOf(PortInUseError);
      await expect(refused).rejects.toThrow(/set DYNAMODB_PORT/);

      const retry = await startEmbeddedDynamoDb({ path });
      expect(await listTables(retry.endpoint)).toEqual({ TableNames: [] });
      await retry.close();
    } finally {
      await holder.close();
      await rm(path, { recursive: true, force: true });
    }
  });
});
