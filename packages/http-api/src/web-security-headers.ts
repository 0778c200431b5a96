/**
 * The response headers the browser app is served with, defined once for both places that serve
 * it: the CloudFront response headers policy of the deployed distribution and the local stack's
 * static server. The CSP allows scripts and styles from the app's own origin only (Vite's build
 * emits no inline script), and network calls to the app's origin (config.json), the Notes API
 * and the managed login domain (token, revoke), and the attachments bucket (uploads are a form POST
 * sent by XMLHttpRequest, for progress; a download is a navigation, which `connect-src` does not
 * govern); the OIDC endpoints come in config.json, so no discovery document is fetched from the
 * issuer's origin. The page may not be framed, which
 * also keeps the sign-in out of other sites' frames.
 */

/** Where the app may send requests besides its own origin. */
export interface WebAppOrigins {
  /** The Notes API, `https://abc123.execute-api.eu-west-1.amazonaws.com` (a CDK token works: only concatenated). */
  readonly apiOrigin: string;
  /** The managed login domain, `https://<prefix>.auth.<region>.amazoncognito.com`. */
  readonly loginOrigin: string;
  /**
   * The attachments bucket as presigned URLs name it: `https://<bucket>.s3.<region>.amazonaws.com`
   * on AWS, the local S3's `http://localhost:4566`. Absent, the app cannot upload files.
   */
  readonly objectStorageOrigin?: string | undefined;
}

/** One directive per entry, so a CloudFront policy and a test can read them. */
export function webContentSecurityPolicy(origins: WebAppOrigins): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "manifest-src 'self'",
    `connect-src ${["'self'", origins.apiOrigin, origins.loginOrigin, origins.objectStorageOrigin].filter((origin) => origin !== undefined).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "object-src 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The security headers besides the CSP. HSTS is only honoured over HTTPS (browsers ignore it on
 * http://localhost); `no-referrer` keeps the callback's code out of any Referer.
 */
export const WEB_SECURITY_HEADERS = Object.freeze({
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const);

/**
 * Every header the app's responses carry, CSP included.
 *
 * @example
 * webResponseHeaders({
 *   apiOrigin: 'http://localhost:3000',
 *   loginOrigin: 'http://localhost:9229',
 *   objectStorageOrigin: 'http://localhost:4566',
 * });
 */
export function webResponseHeaders(origins: WebAppOrigins): Readonly<Record<string, string>> {
  return { 'Content-Security-Policy': webContentSecurityPolicy(origins), ...WEB_SECURITY_HEADERS };
}

/** How long a file of the build may be cached: hashed assets for a year, the rest (`index.html`, `config.json`) never. */
export function webCacheControl(path: string): string {
  return path.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
}
