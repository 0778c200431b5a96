/**
 * The local API Gateway for its own tests: fixture functions (`functions/*.mjs`), every event
 * it sends checked against Powertools' schemas of AWS's events, the functions' log lines and
 * the gateway's log kept, a clock the test moves, and a barrier (`Gate`) that holds
 * invocations in flight until the test lets them go, so concurrency is tested without sleeps.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  APIGatewayProxyEventSchema,
  APIGatewayRequestAuthorizerEventSchema,
  APIGatewayTokenAuthorizerEventSchema,
} from '@aws-lambda-powertools/parser/schemas';
import { listenOnLoopback } from '@secure-notes/service-kit';
import type { FunctionLogLine } from '../lambda/lambda-function.js';
import {
  type GatewayEventRecord,
  type LocalApiGateway,
  type LocalApiGatewayOptions,
  startLocalApiGateway,
} from '../local-api-gateway.js';

export const FIXTURES = {
  app: fileURLToPath(new URL('./functions/app.mjs', import.meta.url)),
  authorizer: fileURLToPath(new URL('./functions/authorizer.mjs', import.meta.url)),
  initFails: fileURLToPath(new URL('./functions/init-fails.mjs', import.meta.url)),
};

export interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The body parsed as JSON, or `undefined`. */
  readonly json: unknown;
}

export interface TestGateway {
  readonly gateway: LocalApiGateway;
  readonly events: GatewayEventRecord[];
  /** Every event that did not validate against AWS's schema, with the reason; tests take them out after each test. */
  readonly schemaProblems: string[];
  readonly functionLog: FunctionLogLine[];
  readonly gatewayLog: { readonly fields: Record<string, unknown>; readonly message: string }[];
  /** Moves the authorizer cache's clock. */
  advanceClock(milliseconds: number): void;
  /** How many times the authorizer function was invoked. */
  authorizerInvocations(): number;
  request(
    method: string,
    path: string,
    init?: { headers?: Record<string, string>; body?: string | Buffer },
  ): Promise<Answer>;
  close(): Promise<void>;
}

function schemaCheck(record: GatewayEventRecord): string | undefined {
  const schema =
    record.kind === 'proxy'
      ? APIGatewayProxyEventSchema
      : record.event.type === 'TOKEN'
        ? APIGatewayTokenAuthorizerEventSchema
        : APIGatewayRequestAuthorizerEventSchema;
  const result = schema.safeParse(record.event);
  return result.success ? undefined : `${record.kind} event for ${record.function}: ${result.error.message}`;
}

/**
 * @example
 * const t = await startTestGateway({ authorizers: { Auth: { type: 'TOKEN', function: 'Authorizer' } } });
 * const answer = await t.request('GET', '/dev/notes', { headers: { Authorization: 'all:alice' } });
 */
export async function startTestGateway(overrides: Partial<LocalApiGatewayOptions> = {}): Promise<TestGateway> {
  const events: GatewayEventRecord[] = [];
  const schemaProblems: string[] = [];
  const functionLog: FunctionLogLine[] = [];
  const gatewayLog: TestGateway['gatewayLog'] = [];
  let offset = 0;
  const keep = (fields: object, message: string) =>
    gatewayLog.push({ fields: fields as Record<string, unknown>, message });
  const gateway = await startLocalApiGateway({
    stage: 'dev',
    port: 0,
    functions: [
      { name: 'App', bundle: FIXTURES.app, timeoutSeconds: 2, environment: { NOTES_TABLE: 'Notes' } },
      { name: 'Authorizer', bundle: FIXTURES.authorizer, timeoutSeconds: 2 },
    ],
    routes: [],
    logger: { info: keep, warn: keep, error: keep },
    functionLog: (line) => functionLog.push(line),
    onEvent: (record) => {
      events.push(record);
      const problem = schemaCheck(record);
      if (problem !== undefined) schemaProblems.push(problem);
    },
    now: () => Date.now() + offset,
    ...overrides,
  });
  return {
    gateway,
    events,
    schemaProblems,
    functionLog,
    gatewayLog,
    advanceClock: (milliseconds) => {
      offset += milliseconds;
    },
    authorizerInvocations: () => events.filter((e) => e.kind === 'authorizer').length,
    async request(method, path, init = {}) {
      const response = await fetch(`${gateway.url}${path}`, {
        method,
        ...(init.headers === undefined ? {} : { headers: init.headers }),
        ...(init.body === undefined ? {} : { body: init.body }),
        signal: AbortSignal.timeout(30_000),
      });
      const text = await response.text();
      let json: unknown;
      try {
        json = text === '' ? undefined : JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, text, json };
    },
    close: () => gateway.close(),
  };
}

/**
 * A barrier for invocations: a function given `?gate=<gate.url>` waits until `count` requests
 * have arrived at the gate, then all are answered together.
 */
export class Gate {
  readonly #waiting: ServerResponse[] = [];
  readonly #server = createServer((_req: IncomingMessage, res: ServerResponse) => {
    this.#waiting.push(res);
    this.#arrived?.();
  });
  #arrived: (() => void) | undefined;
  url = '';

  async open(): Promise<void> {
    await listenOnLoopback(this.#server, 'the test gateway');
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/`;
  }

  /** Resolves once `count` invocations wait at the gate. */
  async reached(count: number): Promise<void> {
    while (this.#waiting.length < count) {
      await new Promise<void>((resolve) => {
        this.#arrived = resolve;
      });
    }
  }

  release(): void {
    for (const res of this.#waiting.splice(0)) res.end('go');
  }

  async close(): Promise<void> {
    this.release();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}
