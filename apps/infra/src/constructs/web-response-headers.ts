/**
 * CloudFront's form of the web app's response headers. The headers are defined once, as a plain
 * header map, in `@secure-notes/http-api` (the local server sends the same map); CloudFront
 * takes the well-known security headers only in their own typed settings (it refuses them as
 * custom headers), so this turns the map into a response headers policy's settings: those five
 * into their settings, every other header as a custom one, each overriding what the origin sent.
 * A value CloudFront cannot express is refused rather than dropped.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';

/** A response headers policy's header settings, as `ResponseHeadersPolicyProps` takes them. */
export interface ResponseHeadersSettings {
  readonly securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior;
  readonly customHeadersBehavior?: cloudfront.ResponseCustomHeadersBehavior;
}

const REFERRER_POLICIES = new Set<string>(Object.values(cloudfront.HeadersReferrerPolicy));
const HSTS = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/;

function unsupported(name: string, value: string, expected: string): Error {
  return new Error(`CloudFront cannot send ${name}: ${JSON.stringify(value)}; it takes ${expected}.`);
}

/**
 * The policy settings that send exactly `headers`.
 *
 * @example
 * new cloudfront.ResponseHeadersPolicy(this, 'Headers', responseHeadersSettings(webResponseHeaders(origins)));
 */
export function responseHeadersSettings(headers: Readonly<Record<string, string>>): ResponseHeadersSettings {
  const security: {
    -readonly [K in keyof cloudfront.ResponseSecurityHeadersBehavior]: cloudfront.ResponseSecurityHeadersBehavior[K];
  } = {};
  const custom: cloudfront.ResponseCustomHeader[] = [];
  for (const [name, value] of Object.entries(headers)) {
    switch (name.toLowerCase()) {
      case 'content-security-policy':
        security.contentSecurityPolicy = { contentSecurityPolicy: value, override: true };
        break;
      case 'strict-transport-security': {
        const hsts = HSTS.exec(value);
        if (hsts === null) throw unsupported(name, value, 'max-age=<seconds>[; includeSubDomains][; preload]');
        security.strictTransportSecurity = {
          accessControlMaxAge: Duration.seconds(Number(hsts[1])),
          includeSubdomains: hsts[2] !== undefined,
          preload: hsts[3] !== undefined,
          override: true,
        };
        break;
      }
      case 'x-content-type-options':
        if (value !== 'nosniff') throw unsupported(name, value, 'nosniff only');
        security.contentTypeOptions = { override: true };
        break;
      case 'x-frame-options':
        if (value !== 'DENY' && value !== 'SAMEORIGIN') throw unsupported(name, value, 'DENY or SAMEORIGIN');
        security.frameOptions = {
          frameOption: value === 'DENY' ? cloudfront.HeadersFrameOption.DENY : cloudfront.HeadersFrameOption.SAMEORIGIN,
          override: true,
        };
        break;
      case 'referrer-policy':
        if (!REFERRER_POLICIES.has(value)) throw unsupported(name, value, [...REFERRER_POLICIES].join(', '));
        security.referrerPolicy = { referrerPolicy: value as cloudfront.HeadersReferrerPolicy, override: true };
        break;
      case 'x-xss-protection':
        throw unsupported(name, value, 'its own X-XSS-Protection setting, which this mapping does not use');
      default:
        custom.push({ header: name, value, override: true });
    }
  }
  return {
    securityHeadersBehavior: security,
    ...(custom.length > 0 ? { customHeadersBehavior: { customHeaders: custom } } : {}),
  };
}
