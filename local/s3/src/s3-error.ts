/**
 * S3's error answers: the XML body S3 sends (`<Error><Code>…</Code><Message>…</Message>`) and
 * the status of each code, so that SDKs and browsers read a refusal of the local S3 exactly as
 * they read one of S3.
 */
import { randomUUID } from 'node:crypto';

const STATUS = {
  AccessDenied: 403,
  SignatureDoesNotMatch: 403,
  InvalidAccessKeyId: 403,
  RequestTimeTooSkewed: 403,
  AuthorizationQueryParametersError: 400,
  InvalidArgument: 400,
  InvalidRequest: 400,
  MalformedPOSTRequest: 400,
  EntityTooLarge: 400,
  EntityTooSmall: 400,
  XAmzContentSHA256Mismatch: 400,
  NoSuchBucket: 404,
  NoSuchKey: 404,
  MethodNotAllowed: 405,
  NotImplemented: 501,
  InternalError: 500,
} as const;

export type S3ErrorCode = keyof typeof STATUS;

export class S3Error extends Error {
  override readonly name = 'S3Error';
  readonly code: S3ErrorCode;
  readonly status: number;

  constructor(code: S3ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.status = STATUS[code];
  }
}

export function xmlEscape(value: string): string {
  return value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function errorXml(error: S3Error, resource: string): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${xmlEscape(error.message)}</Message>` +
    `<Resource>${xmlEscape(resource)}</Resource><RequestId>${randomUUID()}</RequestId></Error>`
  );
}
