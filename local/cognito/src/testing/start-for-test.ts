/** A local Cognito for one test file: a free port, in memory (or the given folder), a captured log. */
import { type LocalCognito, type LocalCognitoOptions, startLocalCognito } from '../server.js';
import { type CapturedLog, createCapturingLogger } from './capturing-logger.js';

export interface TestCognito {
  readonly cognito: LocalCognito;
  readonly log: CapturedLog;
}

/** Starts a local Cognito on a free loopback port; close it with `cognito.close()`. */
export async function startCognitoForTest(
  options: Omit<LocalCognitoOptions, 'port' | 'logger'> = {},
): Promise<TestCognito> {
  const log = createCapturingLogger();
  const cognito = await startLocalCognito({ ...options, port: 0, logger: log.logger });
  return { cognito, log };
}
