/**
 * One request on its way through the gateway's pipeline: what every step reads (the request
 * id, the method, the path, the facts gathered for the log line) and the ways any step ends it
 * with an answer of the gateway's own. Each request is logged as one line when it is answered:
 * method, resource, status, latency and why the gateway answered, never a header, a token or
 * a body.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayCors } from '../cors.js';
import { GATEWAY_RESPONSES, type GatewayResponseType } from '../gateway-responses.js';

/** A pino-compatible logger: `logger.info({ ...fields }, 'message')`. */
export interface GatewayLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

export class Exchange {
  readonly receivedAt = Date.now();
  readonly requestId = randomUUID();
  readonly method: string;
  /** The path as sent, stage included, without the query string. */
  readonly fullPath: string;
  readonly rawQuery: string;
  /** What the log line says of the request, gathered as the steps learn it. */
  readonly facts: Record<string, unknown>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly logger: GatewayLogger,
    readonly cors: GatewayCors,
  ) {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    this.fullPath = queryAt < 0 ? url : url.slice(0, queryAt);
    this.rawQuery = queryAt < 0 ? '' : url.slice(queryAt + 1);
    this.method = req.method ?? 'GET';
    this.facts = { requestId: this.requestId, method: this.method };
  }

  /** Answers with one of the gateway's responses (`gateway-responses.ts`), CORS headers included. */
  gatewayAnswer(type: GatewayResponseType, reason: string): void {
    const response = GATEWAY_RESPONSES[type];
    const body = Buffer.from(response.body);
    this.res.writeHead(response.status, {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
      'x-amzn-RequestId': this.requestId,
      'x-amzn-ErrorType': response.errorType,
      ...this.cors.errorHeaders(),
    });
    this.res.end(body);
    const fields = { ...this.facts, status: response.status, gatewayResponse: type, reason, latencyMs: this.elapsed() };
    const message = `${this.method} ${String(this.facts.resource ?? this.fullPath)} ${response.status} (${type})`;
    if (response.status >= 500) this.logger.error(fields, message);
    else this.logger.info(fields, message);
  }

  /** Answers from in front of the gateway's responses (the front door, the WAF): these headers only. */
  plainAnswer(status: number, headers: Readonly<Record<string, string>>, body: string, reason: string): void {
    this.res.writeHead(status, { ...headers, 'Content-Length': String(Buffer.byteLength(body)) });
    this.res.end(body);
    this.logger.info(
      { ...this.facts, status, reason, latencyMs: this.elapsed() },
      `${this.method} ${this.fullPath} ${status}`,
    );
  }

  /** Logs an answer written by a step itself (a preflight, the function's answer). */
  logAnswered(status: number, resource: string, fields: Record<string, unknown> = {}): void {
    this.logger.info(
      { ...this.facts, ...fields, status, latencyMs: this.elapsed() },
      `${this.method} ${resource} ${status}`,
    );
  }

  elapsed(): number {
    return Date.now() - this.receivedAt;
  }
}
