/**
 * Step 6 of the pipeline: the function's answer, as it gave it (status, headers with repeated
 * names kept, body), plus the only headers API Gateway adds to a proxy integration's answer:
 * `x-amzn-RequestId`, `x-amz-apigw-id` and `X-Amzn-Trace-Id`.
 */
import type { Exchange } from './exchange.js';
import type { Integrated } from './integration.js';

function groupHeaders(pairs: readonly (readonly [string, string])[]): Map<string, { name: string; values: string[] }> {
  const grouped = new Map<string, { name: string; values: string[] }>();
  for (const [name, value] of pairs) {
    const key = name.toLowerCase();
    const entry = grouped.get(key);
    if (entry === undefined) grouped.set(key, { name, values: [value] });
    else entry.values.push(value);
  }
  return grouped;
}

export function respond(
  exchange: Exchange,
  resource: string,
  { response, coldStart }: Integrated,
  ids: { readonly extendedRequestId: string; readonly traceId: string },
): void {
  const { res } = exchange;
  for (const { name, values } of groupHeaders(response.headers).values())
    res.setHeader(name, values.length === 1 ? (values[0] as string) : values);
  res.setHeader('Content-Length', String(response.body.length));
  res.setHeader('x-amzn-RequestId', exchange.requestId);
  res.setHeader('x-amz-apigw-id', ids.extendedRequestId);
  res.setHeader('X-Amzn-Trace-Id', ids.traceId);
  res.writeHead(response.statusCode);
  res.end(exchange.method === 'HEAD' ? undefined : response.body);
  exchange.logAnswered(response.statusCode, resource, { coldStart });
}
