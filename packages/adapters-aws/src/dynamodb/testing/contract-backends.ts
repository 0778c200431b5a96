/**
 * Which DynamoDB-compatible backends the repository contract runs on, decided once when the
 * test file loads: dynalite in this process always; DynamoDB Local in a container when a
 * container runtime answers; whatever `DYNAMODB_ENDPOINT` names when it is set. A backend that
 * cannot run is reported with its reason and gets no tests at all, so nothing skipped is ever
 * counted as passed.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContractOptions } from '@secure-notes/domain/testing';
import { createDynamoDbDocumentClient } from '../dynamodb-client.js';
import type { DynamoDbNotesRepositoryOptions } from '../dynamodb-notes-repository.js';
import { ensureNotesTable } from '../notes-table.js';

export interface RunningBackend {
  readonly endpoint: string;
  readonly client: DynamoDBDocumentClient;
  readonly repositoryOptions: DynamoDbNotesRepositoryOptions;
  stop(): Promise<void>;
}

export interface ContractBackend {
  readonly label: string;
  readonly unsupported?: ContractOptions['unsupported'];
  /** Starts the backend (when it is ours to start) and provisions a table on it. */
  start(): Promise<RunningBackend>;
}

export type BackendKind = 'dynalite' | 'dynamodb-local' | 'endpoint';

export type PlannedBackend =
  | { readonly kind: BackendKind; readonly status: 'runs'; readonly label: string; readonly backend: ContractBackend }
  | { readonly kind: BackendKind; readonly status: 'skipped'; readonly label: string; readonly reason: string };

export type RuntimeProbe = () => Promise<{ readonly available: true } | { readonly available: false; reason: string }>;

export interface PlanOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether a container runtime answers; testcontainers' own discovery by default. */
  readonly probeContainerRuntime?: RuntimeProbe;
}

export const DYNALITE_LABEL = 'dynalite (in-process)';
export const DYNAMODB_LOCAL_LABEL = 'DynamoDB Local (testcontainers)';
export const ENDPOINT_LABEL = 'DYNAMODB_ENDPOINT';

/** Asks testcontainers for a container runtime, the way it will look for one when starting. */
export const probeContainerRuntime: RuntimeProbe = async () => {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof Error ? error.message : String(error) };
  }
};

function freshTableName(): string {
  return `notes-contract-${randomUUID()}`;
}

async function provision(
  endpoint: string,
  region: string,
  tableName: string,
  stopServer: () => Promise<void>,
  dropTable: boolean,
): Promise<RunningBackend> {
  const client = createDynamoDbDocumentClient({ region, endpoint });
  try {
    await ensureNotesTable(client, tableName);
  } catch (error) {
    client.destroy();
    await stopServer();
    throw error;
  }
  return {
    endpoint,
    client,
    repositoryOptions: { tableName },
    stop: async () => {
      if (dropTable) {
        const { DeleteTableCommand } = await import('@aws-sdk/client-dynamodb');
        await client.send(new DeleteTableCommand({ TableName: tableName })).catch(() => undefined);
      }
      client.destroy();
      await stopServer();
    },
  };
}

const dynaliteBackend: ContractBackend = {
  label: DYNALITE_LABEL,
  async start() {
    const { startDynalite } = await import('./dynalite-server.js');
    const server = await startDynalite();
    return provision(server.endpoint, 'us-east-1', freshTableName(), () => server.close(), false);
  },
};

const dynamoDbLocalBackend: ContractBackend = {
  label: DYNAMODB_LOCAL_LABEL,
  async start() {
    const { startDynamoDbLocal } = await import('./dynamodb-local-container.js');
    const container = await startDynamoDbLocal();
    return provision(container.endpoint, 'us-east-1', freshTableName(), () => container.stop(), false);
  },
};

function endpointBackend(endpoint: string, env: PlanOptions['env']): ContractBackend {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  const existing = env.DYNAMODB_CONTRACT_TABLE;
  return {
    label: `${ENDPOINT_LABEL} (${endpoint})`,
    // A table the suite made is dropped afterwards; a named one is left as it was found.
    start: () => provision(endpoint, region, existing ?? freshTableName(), async () => {}, existing === undefined),
  };
}

/** Decides the backends for this run; see the file comment. */
export async function planContractBackends(options: PlanOptions): Promise<PlannedBackend[]> {
  const plan: PlannedBackend[] = [
    { kind: 'dynalite', status: 'runs', label: DYNALITE_LABEL, backend: dynaliteBackend },
  ];
  const runtime = await (options.probeContainerRuntime ?? probeContainerRuntime)();
  plan.push(
    runtime.available
      ? { kind: 'dynamodb-local', status: 'runs', label: DYNAMODB_LOCAL_LABEL, backend: dynamoDbLocalBackend }
      : {
          kind: 'dynamodb-local',
          status: 'skipped',
          label: DYNAMODB_LOCAL_LABEL,
          reason: `no container runtime found (${runtime.reason})`,
        },
  );
  const endpoint = options.env.DYNAMODB_ENDPOINT?.trim();
  if (endpoint) {
    const backend = endpointBackend(endpoint, options.env);
    plan.push({ kind: 'endpoint', status: 'runs', label: backend.label, backend });
  } else {
    plan.push({ kind: 'endpoint', status: 'skipped', label: ENDPOINT_LABEL, reason: 'DYNAMODB_ENDPOINT is not set' });
  }
  return plan;
}

/** One line per backend, for the test run's output. */
export function describePlan(plan: readonly PlannedBackend[]): string[] {
  return plan.map((entry) =>
    entry.status === 'runs'
      ? `[contract] ${entry.label}: runs the NotesRepository contract`
      : `[contract] ${entry.label}: skipped — ${entry.reason}`,
  );
}
