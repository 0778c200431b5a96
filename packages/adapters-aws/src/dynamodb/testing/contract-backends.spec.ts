import { describe, expect, it } from 'vitest';
import { describePlan, planContractBackends, type RuntimeProbe } from './contract-backends.js';

const noRuntime: RuntimeProbe = async () => ({
  available: false,
  reason: 'Could not find a working container runtime',
});
const runtime: RuntimeProbe = async () => ({ available: true });

describe('planContractBackends', () => {
  it('runs dynalite and says why the others are skipped on a bare machine', async () => {
    const plan = await planContractBackends({ env: {}, probeContainerRuntime: noRuntime });

    expect(describePlan(plan)).toEqual([
      '[contract] dynalite (in-process): runs the NotesRepository contract',
      '[contract] DynamoDB Local (testcontainers): skipped — no container runtime found (Could not find a working container runtime)',
      '[contract] DYNAMODB_ENDPOINT: skipped — DYNAMODB_ENDPOINT is not set',
    ]);
  });

  it('runs DynamoDB Local when a container runtime answers', async () => {
    const plan = await planContractBackends({ env: {}, probeContainerRuntime: runtime });

    expect(plan.map((entry) => [entry.kind, entry.status])).toEqual([
      ['dynalite', 'runs'],
      ['dynamodb-local', 'runs'],
      ['endpoint', 'skipped'],
    ]);
  });

  it('runs the endpoint that DYNAMODB_ENDPOINT names, by its address', async () => {
    const plan = await planContractBackends({
      env: { DYNAMODB_ENDPOINT: ' http://127.0.0.1:8123 ' },
      probeContainerRuntime: noRuntime,
    });

    expect(plan.at(-1)).toMatchObject({
      kind: 'endpoint',
      status: 'runs',
      label: 'DYNAMODB_ENDPOINT (http://127.0.0.1:8123)',
    });
  });

  it('treats a blank DYNAMODB_ENDPOINT as unset', async () => {
    const plan = await planContractBackends({ env: { DYNAMODB_ENDPOINT: '  ' }, probeContainerRuntime: noRuntime });

    expect(plan.at(-1)).toMatchObject({ kind: 'endpoint', status: 'skipped' });
  });
});
