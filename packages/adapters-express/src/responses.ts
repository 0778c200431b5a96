/**
 * Writes the contract's answers (`HttpResponse` values) to Express's response directly rather
 * than through `res.json`, whose `res.send` would answer a matching `If-None-Match` with a 304
 * and add ETags of its own: the API must answer exactly as its Lambda twin behind API Gateway.
 */
import type { HttpResponse } from '@secure-notes/http-api';
import type { Response } from 'express';

export function send(res: Response, response: HttpResponse): void {
  res.statusCode = response.statusCode;
  const { headers } = response;
  for (const name in headers) res.setHeader(name, headers[name] as string);
  if (response.body === '') {
    res.end();
    return;
  }
  res.setHeader('Content-Length', Buffer.byteLength(response.body));
  res.end(response.body);
}
