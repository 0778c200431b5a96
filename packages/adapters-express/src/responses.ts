/**
 * Writes responses directly rather than through `res.json`, whose `res.send` would answer a
 * matching `If-None-Match` with a 304 and add ETags of its own: the API must answer exactly
 * as its Lambda twin behind API Gateway does.
 */
import type { Response } from 'express';

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

export function sendJson(
  res: Response,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
): void {
  const payload = JSON.stringify(body);
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', JSON_CONTENT_TYPE);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}

export function sendNoContent(res: Response): void {
  res.status(204);
  res.removeHeader('Content-Type');
  res.end();
}
