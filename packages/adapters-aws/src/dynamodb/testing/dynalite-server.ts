/**
 * dynalite, the embedded DynamoDB emulator, on a loopback port for tests: a real HTTP endpoint
 * that the real SDK talks to, in this process, with no table delays. The one place that starts
 * dynalite is `@secure-notes/local-dynamodb/embedded` (the local stack uses it too).
 */
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '@secure-notes/local-dynamodb/embedded';

export type RunningDynalite = Pick<EmbeddedDynamoDb, 'endpoint' | 'close'>;

/** Starts dynalite in memory on a free port of 127.0.0.1. */
export function startDynalite(): Promise<RunningDynalite> {
  return startEmbeddedDynamoDb();
}
