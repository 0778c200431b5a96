/**
 * The domain's NotesRepository contract on every DynamoDB-compatible backend this machine
 * offers (see `testing/contract-backends.ts`): the run prints one line per backend saying
 * whether it ran, and a backend that cannot run gets no tests.
 */

import { describeIdempotencyStoreContract, describeNotesRepositoryContract } from '@secure-notes/domain/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from './dynamodb-client.js';
import { DynamoDbIdempotencyStore } from './dynamodb-idempotency-store.js';
import { DynamoDbNotesRepository } from './dynamodb-notes-repository.js';
import { describePlan, ENDPOINT_LABEL, planContractBackends, type RunningBackend } from './testing/index.js';

const plan = await planContractBackends({ env: process.env });
for (const line of describePlan(plan)) console.info(line);

for (const entry of plan) {
  if (entry.status !== 'runs') continue;
  describe(entry.label, () => {
    let running: RunningBackend | undefined;

    beforeAll(async () => {
      running = await entry.backend.start();
      console.info(`[contract] ${entry.label}: started at ${running.endpoint}`);
    }, 300_000);

    const twins: { destroy(): void }[] = [];

    afterAll(async () => {
      for (const twin of twins) twin.destroy();
      await running?.stop();
    });

    describeNotesRepositoryContract(
      `DynamoDbNotesRepository on ${entry.label}`,
      () => {
        if (running === undefined) throw new Error(`${entry.label} did not start: see the error of beforeAll`);
        return new DynamoDbNotesRepository(running.client, running.repositoryOptions);
      },
      entry.backend.unsupported === undefined ? {} : { unsupported: entry.backend.unsupported },
    );

    // Records in the notes table, claimed through two clients as two processes would.
    describeIdempotencyStoreContract(
      `DynamoDbIdempotencyStore on ${entry.label}`,
      () => {
        if (running === undefined) throw new Error(`${entry.label} did not start: see the error of beforeAll`);
        return new DynamoDbIdempotencyStore(running.client, running.repositoryOptions);
      },
      {
        twin: () => {
          if (running === undefined) throw new Error(`${entry.label} did not start`);
          const other = createDynamoDbDocumentClient({ region: 'us-east-1', endpoint: running.endpoint });
          twins.push(other);
          return new DynamoDbIdempotencyStore(other, running.repositoryOptions);
        },
      },
    );
  });
}

describe('The contract backends of this run', () => {
  it('always include dynalite and account for DynamoDB Local and DYNAMODB_ENDPOINT', () => {
    const kinds = plan.map((entry) => entry.kind);

    expect(kinds).toEqual(['dynalite', 'dynamodb-local', 'endpoint']);
    expect(plan[0]?.status).toBe('runs');
    expect(plan.find((entry) => entry.kind === 'endpoint')?.status).toBe(
      process.env.DYNAMODB_ENDPOINT?.trim() ? 'runs' : 'skipped',
    );
  });

  it('add nothing for DYNAMODB_ENDPOINT when it is unset', async () => {
    const probe = async () => ({ available: false as const, reason: 'not asked' });

    const unset = await planContractBackends({ env: {}, probeContainerRuntime: probe });

    expect(unset.filter((entry) => entry.status === 'runs').map((entry) => entry.kind)).toEqual(['dynalite']);
    expect(unset.find((entry) => entry.kind === 'endpoint')).toEqual({
      kind: 'endpoint',
      status: 'skipped',
      label: ENDPOINT_LABEL,
      reason: 'DYNAMODB_ENDPOINT is not set',
    });
  });
});
