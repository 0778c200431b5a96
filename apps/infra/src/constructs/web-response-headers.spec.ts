import { webResponseHeaders } from '@secure-notes/http-api';
import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { describe, expect, it } from 'vitest';
import { responseHeadersSettings } from './web-response-headers.js';

const headers = webResponseHeaders({ apiOrigin: 'https://api.example.com', loginOrigin: 'https://login.example.com' });

describe('responseHeadersSettings', () => {
  it("puts the five security headers CloudFront knows into their own settings, each overriding the origin's", () => {
    const { securityHeadersBehavior } = responseHeadersSettings({
      'Content-Security-Policy': "default-src 'none'",
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
    });

    expect(securityHeadersBehavior).toEqual({
      contentSecurityPolicy: { contentSecurityPolicy: "default-src 'none'", override: true },
      strictTransportSecurity: {
        accessControlMaxAge: Duration.seconds(63_072_000),
        includeSubdomains: true,
        preload: true,
        override: true,
      },
      contentTypeOptions: { override: true },
      frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
      referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
    });
  });

  it('sends every other header of the shared map as a custom header, so none is lost', () => {
    const { securityHeadersBehavior, customHeadersBehavior } = responseHeadersSettings(headers);
    const custom = customHeadersBehavior?.customHeaders ?? [];

    expect(Object.keys(securityHeadersBehavior).length + custom.length).toBe(Object.keys(headers).length);
    for (const { header, value, override } of custom) {
      expect(headers[header], header).toBe(value);
      expect(override).toBe(true);
    }
  });

  it.each([
    ['Strict-Transport-Security', 'max-age=1; includesubdomains'],
    ['X-Content-Type-Options', 'sniff'],
    ['X-Frame-Options', 'ALLOW-FROM https://example.com'],
    ['Referrer-Policy', 'same-origin, no-referrer'],
    ['X-XSS-Protection', '0'],
  ])('refuses a %s it cannot express rather than dropping it', (name, value) => {
    expect(() => responseHeadersSettings({ [name]: value })).toThrow(`CloudFront cannot send ${name}`);
  });
});
