/**
 * Step 1 of the pipeline: what stands in front of the API and answers before it sees the
 * request. The front door's size limits (header values over 10,240 bytes, a body over 10 MB),
 * answered in plain text; then, when configured, the WAF's rate rule by source address and the
 * stage's throttling (`request-limits.ts`). What passes comes out with its body read.
 */
import type { IncomingMessage } from 'node:http';
import { addressRateLimitedAnswer, FRONT_DOOR_ANSWERS, type FrontDoorAnswer } from '../gateway-responses.js';
import type { AddressRateRule, StageThrottle } from '../request-limits.js';
import type { Exchange } from './exchange.js';

export interface FrontDoorLimits {
  readonly payloadLimitBytes: number;
  readonly headerValuesLimitBytes: number;
  readonly addressRule: AddressRateRule | undefined;
  readonly throttle: StageThrottle | undefined;
}

/** The request's body once admitted (`null` for none). */
export interface Admitted {
  readonly body: Buffer | null;
}

class PayloadTooLarge extends Error {}

/** Reads the body up to `limit` bytes; past it, rejects without keeping the rest. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (declared > limit) return Promise.reject(new PayloadTooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(size === 0 ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The bytes of every header value together (names not counted), as API Gateway's limit counts them. */
function headerValuesBytes(rawHeaders: readonly string[]): number {
  let bytes = 0;
  for (let i = 1; i < rawHeaders.length; i += 2) bytes += Buffer.byteLength(rawHeaders[i] as string);
  return bytes;
}

function frontDoorAnswer(exchange: Exchange, { status, body }: FrontDoorAnswer, reason: string): undefined {
  exchange.plainAnswer(status, { 'Content-Type': 'text/plain', Connection: 'close' }, body, reason);
  return undefined;
}

/**
 * Admits the request past the front door, the WAF and the throttle, or answers it and gives
 * `undefined`.
 */
export async function admit(
  exchange: Exchange,
  sourceIp: string,
  limits: FrontDoorLimits,
): Promise<Admitted | undefined> {
  const { headerValuesLimitBytes, payloadLimitBytes, addressRule, throttle } = limits;
  if (headerValuesBytes(exchange.req.rawHeaders) > headerValuesLimitBytes) {
    const reason = `the header values are over ${headerValuesLimitBytes} bytes`;
    return frontDoorAnswer(exchange, FRONT_DOOR_ANSWERS.headersTooLarge(headerValuesLimitBytes), reason);
  }
  let body: Buffer | null;
  try {
    body = await readBody(exchange.req, payloadLimitBytes);
  } catch (error) {
    if (!(error instanceof PayloadTooLarge)) throw error;
    const reason = `the body is over ${payloadLimitBytes} bytes`;
    return frontDoorAnswer(exchange, FRONT_DOOR_ANSWERS.payloadTooLarge(payloadLimitBytes), reason);
  }
  if (addressRule !== undefined && !(await addressRule.allows(sourceIp))) {
    const { status, body: text, headers } = addressRateLimitedAnswer(addressRule.settings.windowSeconds);
    exchange.plainAnswer(status, headers, text, 'the WAF rate rule by source address');
    return undefined;
  }
  if (throttle !== undefined && !throttle.take()) {
    exchange.gatewayAnswer('THROTTLED', "the stage's throttling");
    return undefined;
  }
  return { body };
}
