/**
 * CloudFront's form of the web app's security headers. The headers are defined once, as a plain
 * header map, in `@secure-notes/http-api` (the local server sends the same map); CloudFront
 * takes the well-known security headers only in their own typed settings (it refuses them as
 * custom headers), so this turns the map into a response headers policy's settings, and refuses
 * a value it cannot express rather than dropping it.
 */
import type { WebSecurityHeaderName } from '@secure-notes/http-api';
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';

/** A response headers policy's header settings, as `ResponseHeadersPolicyProps` takes them. */
export interface ResponseHeadersSettings {
  readonly securityHeadersBehavior: cloudfront.ResponseSecurityHeadersBehavior;
  readonly customHeadersBehavior?: cloudfront.ResponseCustomHeadersBehavior;
}

const REFERRER_POLICIES = new Set<string>(Object.values(cloudfront.HeadersReferrerPolicy));
const HSTS = /^max-age=(\d+)(; includeSubDomains)?(; preload)?$/;

/**
 * The policy settings that send exactly `headers` (plus `extra`, e.g. a `Cache-Control`), each
 * overriding whatever the origin sent.
 *
 * @example
 * new cloudfront.ResponseHeadersPolicy(this, 'Headers', responseHeadersSettings(webSecurityHeaders(origins)));
 */
export function responseHeadersSettings(
  headers: Readonly<Record<WebSecurityHeaderName, string>>,
  extra: Readonly<Record<string, string>> = {},
): ResponseHeadersSettings {
  const unsupported = (name: string, value: string, expected: string) =>
    new Error(`CloudFront cannot send ${name}: ${JSON.stringify(value)}; it takes ${expected}.`);

  const hsts = HSTS.exec(headers['Strict-Transport-Security']);
  if (hsts === null) {
    throw unsupported(
      'Strict-Transport-Security',
      headers['Strict-Transport-Security'],
      'max-age=<seconds>[; includeSubDomains][; preload]',
    );
  }
  if (headers['X-Content-Type-Options'] !== 'nosniff') {
    throw unsupported('X-Content-Type-Options', headers['X-Content-Type-Options'], 'nosniff only');
  }
  const frameOption = headers['X-Frame-Options'];
  if (frameOption !== 'DENY' && frameOption !== 'SAMEORIGIN') {
    throw unsupported('X-Frame-Options', frameOption, 'DENY or SAMEORIGIN');
  }
  const referrerPolicy = headers['Referrer-Policy'];
  if (!REFERRER_POLICIES.has(referrerPolicy)) {
    throw unsupported('Referrer-Policy', referrerPolicy, [...REFERRER_POLICIES].join(', '));
  }

  const custom = { 'Permissions-Policy': headers['Permissions-Policy'], ...extra };
  return {
    securityHeadersBehavior: {
      contentSecurityPolicy: { contentSecurityPolicy: headers['Content-Security-Policy'], override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(Number(hsts[1])),
        includeSubdomains: hsts[2] !== undefined,
        preload: hsts[3] !== undefined,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: {
        frameOption:
          frameOption === 'DENY' ? cloudfront.HeadersFrameOption.DENY : cloudfront.HeadersFrameOption.SAMEORIGIN,
        override: true,
      },
      referrerPolicy: { referrerPolicy: referrerPolicy as cloudfront.HeadersReferrerPolicy, override: true },
    },
    customHeadersBehavior: {
      customHeaders: Object.entries(custom).map(([header, value]) => ({ header, value, override: true })),
    },
  };
}
