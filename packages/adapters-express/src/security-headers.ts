/**
 * The security headers of every answer, as helmet sets them, computed once at start: helmet runs
 * once against a recording response, and each request then gets the recorded headers in one
 * loop. With static options helmet's headers do not depend on the request, so the answers are
 * the same and the per-request cost of a dozen middleware calls is gone.
 *
 * `API_SECURITY_HEADERS` is the set OWASP's REST Security Cheat Sheet gives for API responses:
 * an API returns JSON, never a page, so what protects a rendered page (a long content security
 * policy for scripts and styles, cross-origin isolation, DNS prefetching, download and legacy
 * XSS-filter switches) protects nothing here and costs every answer its bytes. What is kept:
 * no framing at all (`frame-ancestors 'none'`, `X-Frame-Options: DENY`), nothing loadable
 * (`default-src 'none'`), no MIME sniffing, HTTPS only, and no referrer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

export const API_SECURITY_HEADERS: Readonly<HelmetOptions> = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  crossOriginResourcePolicy: false,
  originAgentCluster: false,
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  xContentTypeOptions: true,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: { action: 'deny' },
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

export type HeaderList = readonly (readonly [name: string, value: string])[];

/**
 * The headers helmet sets with `options`, in order.
 *
 * @example
 * const headers = securityHeaders();
 * for (const [name, value] of headers) res.setHeader(name, value);
 */
export function securityHeaders(options?: Readonly<HelmetOptions>): HeaderList {
  const recorded = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      recorded.set(name, Array.isArray(value) ? value.join(', ') : String(value));
      return recorder;
    },
    removeHeader(name: string) {
      recorded.delete(name);
    },
  };
  let finished = false;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
    finished = true;
  });
  // Every helmet middleware calls next synchronously when its options are static.
  if (!finished) throw new Error('helmet did not finish synchronously: its options must not depend on the request');
  return Object.freeze([...recorded].map(([name, value]) => Object.freeze([name, value] as const)));
}
