import { GetSecretValueCommand, ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localSecretArn, type SecretsManagerStandIn, startSecretsManagerStandIn } from './secrets-manager-stand-in.js';

const ARN = localSecretArn('eu-west-1', 'cursor');
const VALUE = 'c'.repeat(48);

describe('the Secrets Manager stand-in', () => {
  let standIn: SecretsManagerStandIn;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    standIn = await startSecretsManagerStandIn([{ arn: ARN, name: 'cursor', value: VALUE }]);
    client = new SecretsManagerClient({
      region: 'eu-west-1',
      endpoint: standIn.endpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await standIn?.close();
  });

  it('answers the SDK’s GetSecretValue for its secret, by ARN or by name, and counts the reads', async () => {
    const byArn = await client.send(new GetSecretValueCommand({ SecretId: ARN }));
    const byName = await client.send(new GetSecretValueCommand({ SecretId: 'cursor' }));

    expect([byArn.SecretString, byArn.ARN, byArn.Name]).toEqual([VALUE, ARN, 'cursor']);
    expect(byName.SecretString).toBe(VALUE);
    expect(standIn.reads.get('cursor')).toBe(2);
  });

  it('gives an unknown secret, and any other operation, the error Secrets Manager gives', async () => {
    const unknown = client.send(new GetSecretValueCommand({ SecretId: 'another' }));
    const list = client.send(new ListSecretsCommand({}));

    await expect(unknown).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(list).rejects.toThrow(/answers GetSecretValue only/);
  });
});
