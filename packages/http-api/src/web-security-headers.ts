/**
 * The headers the web app's static files are served with, defined once for the local server
 * that serves the app and the CloudFront distribution that serves it on AWS, so that a policy
 * the app breaks locally is the policy it would break deployed.
 *
 * The Content Security Policy allows scripts only from the app's own origin (no inline script,
 * no `eval`), and network calls only to the app's origin (its `config.json`), the API, the
 * managed login domain (token, userInfo and revoke endpoints) and, with attachments, the bucket.
 * The OIDC endpoints come in the app's configuration, so the browser never fetches Cognito's
 * discovery document from another origin. Nothing may frame the app.
 *
 * Origins may be deploy-time values (CDK tokens such as `https://${Token[...]}.execute-api...`):
 * they are checked for what would break the header (a path, a space, a `;` or a quote), not parsed.
 */

/** The origins the app talks to. */
export interface WebAppOrigins {
  /** The API's origin, e.g. `https://abc123.execute-api.eu-west-1.amazonaws.com`. */
  readonly apiOrigin: string;
  /** The managed login domain, e.g. `https://notes.auth.eu-west-1.amazoncognito.com`. */
  readonly loginOrigin: string;
  /** The attachments bucket's origin, when the app uploads and downloads there. */
  readonly bucketOrigin?: string;
}

/** How long a browser keeps to HTTPS for the app's host once it has seen the header: two years. */
export const HSTS_MAX_AGE_SECONDS = 63_072_000;
export const REFERRER_POLICY = 'strict-origin-when-cross-origin';
/** Browser features the app never uses, switched off for it and anything it could embed. */
export const PERMISSIONS_POLICY =
  'accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()';

/** The header names, in the case the local server and CloudFront send them. */
export const WEB_SECURITY_HEADER_NAMES = Object.freeze([
  'Content-Security-Policy',
  'Strict-Transport-Security',
  'X-Content-Type-Options',
  'X-Frame-Options',
  'Referrer-Policy',
  'Permissions-Policy',
] as const);
export type WebSecurityHeaderName = (typeof WEB_SECURITY_HEADER_NAMES)[number];

/** A CSP source that is an origin: a scheme, `://`, then no path, space, quote, comma or semicolon. */
const ORIGIN_SOURCE = /^https?:\/\/[^\s/;,'"]+$/;

function checkedOrigin(name: keyof WebAppOrigins, value: string): string {
  if (!ORIGIN_SOURCE.test(value)) {
    throw new Error(
      `${name} must be an origin such as https://api.example.com (scheme and host, optional port, no path), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * The Content-Security-Policy value for the app with these origins.
 *
 * @example
 * contentSecurityPolicy({ apiOrigin: 'http://localhost:3000', loginOrigin: 'http://localhost:9229' })
 * // "default-src 'self'; script-src 'self'; ... connect-src 'self' http://localhost:3000 http://localhost:9229; ..."
 */
export function contentSecurityPolicy(origins: WebAppOrigins): string {
  const connect = [
    "'self'",
    checkedOrigin('apiOrigin', origins.apiOrigin),
    checkedOrigin('loginOrigin', origins.loginOrigin),
    ...(origins.bucketOrigin === undefined ? [] : [checkedOrigin('bucketOrigin', origins.bucketOrigin)]),
  ];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    // Vite inlines small images as data: URLs.
    "img-src 'self' data:",
    "font-src 'self'",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Every security header the app's files are served with.
 *
 * @example
 * const headers = webSecurityHeaders({ apiOrigin, loginOrigin });
 * for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
 */
export function webSecurityHeaders(origins: WebAppOrigins): Readonly<Record<WebSecurityHeaderName, string>> {
  return Object.freeze({
    'Content-Security-Policy': contentSecurityPolicy(origins),
    'Strict-Transport-Security': `max-age=${HSTS_MAX_AGE_SECONDS}; includeSubDomains`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': REFERRER_POLICY,
    'Permissions-Policy': PERMISSIONS_POLICY,
  });
}
