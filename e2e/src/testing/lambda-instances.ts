/**
 * The Lambda runtime's instances under load. The local API Gateway runs each function instance
 * as a worker thread in this process, each with its own cold start (the bundle imported, the
 * DynamoDB client and the verifier built). On AWS fifty cold starts at once each get their own
 * CPU; here they share the machine's cores, and fifty at once on two cores run past Lambda's
 * 10 s init timeout (a 502) while every other request waits. So a load run brings its instances
 * up a few at a time first, as traffic ramping up would, and prints how many cold starts that
 * took; the measured run then meets warm instances, as steady traffic on AWS does.
 */
import type { LambdaFunction } from '@secure-notes/local-api-gateway';
import type { LocalStack } from '@secure-notes/local-stack';
import { type Answer, send, type VirtualUser } from './traffic.js';

/** The functions behind the gateway, or none on the Express runtime. */
export function lambdaFunctionsOf(stack: LocalStack): ReadonlyMap<string, LambdaFunction> {
  const api = stack.api as { readonly functions?: ReadonlyMap<string, LambdaFunction> };
  return api.functions ?? new Map();
}

/** `NotesAPI: 50 cold starts, 10250 invocations; NotesLambdaAuthorizer: …`, or `none` on Express. */
export function describeInstances(stack: LocalStack): string {
  const parts = [...lambdaFunctionsOf(stack)].map(
    ([name, fn]) => `${name}: ${fn.stats.coldStarts} cold starts, ${fn.stats.invocations} invocations`,
  );
  return parts.length === 0 ? 'none (Express)' : parts.join('; ');
}

/**
 * Sends `GET /notes?limit=1` from the first `step` users at once, then the first `2 × step`,
 * and so on up to every user, so that instances start at most `step` at a time. Every answer
 * must be 200: a failed warm-up is an error that names what answered.
 */
export async function rampUpInstances(
  base: string,
  users: readonly VirtualUser[],
  options: { readonly step: number; readonly abortAfterMs: number },
): Promise<void> {
  for (let count = options.step; ; count += options.step) {
    const wave = users.slice(0, Math.min(count, users.length));
    const answers: Answer[] = await Promise.all(
      wave.map((user) =>
        send(`${base}/notes?limit=1`, { method: 'GET', token: user.token, abortAfterMs: options.abortAfterMs }),
      ),
    );
    const failed = answers.filter((answer) => answer.status !== 200);
    if (failed.length > 0) {
      throw new Error(
        `warming up ${wave.length} instances: ${failed.length} answers were not 200 (${failed
          .map((answer) => `${answer.status} ${JSON.stringify(answer.body)}`)
          .slice(0, 3)
          .join('; ')})`,
      );
    }
    if (wave.length === users.length) return;
  }
}
