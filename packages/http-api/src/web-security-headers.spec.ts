import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, WEB_SECURITY_HEADER_NAMES, webSecurityHeaders } from './web-security-headers.js';

const apiOrigin = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const loginOrigin = 'https://notes.auth.eu-west-1.amazoncognito.com';
const bucketOrigin = 'https://attachments.s3.eu-west-1.amazonaws.com';

/** The policy as directive name -> sources. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(';').map((part) => {
      const [name, ...sources] = part.trim().split(/\s+/);
      return [name!, sources];
    }),
  );
}

describe('contentSecurityPolicy', () => {
  it("runs scripts only from the app's own origin: no inline script, no eval", () => {
    const csp = directives(contentSecurityPolicy({ apiOrigin, loginOrigin }));

    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(contentSecurityPolicy({ apiOrigin, loginOrigin })).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('lets the app call its own origin, the API and the login domain, and nothing else', () => {
    const csp = directives(contentSecurityPolicy({ apiOrigin, loginOrigin }));

    expect(csp.get('connect-src')).toEqual(["'self'", apiOrigin, loginOrigin]);
  });

  it('adds the bucket to the calls the app may make when it has one', () => {
    const csp = directives(contentSecurityPolicy({ apiOrigin, loginOrigin, bucketOrigin }));

    expect(csp.get('connect-src')).toEqual(["'self'", apiOrigin, loginOrigin, bucketOrigin]);
  });

  it('forbids framing, plugins, a <base> and form posts to other origins', () => {
    const csp = directives(contentSecurityPolicy({ apiOrigin, loginOrigin }));

    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('form-action')).toEqual(["'self'"]);
  });

  it('takes deploy-time values as they are, without parsing them', () => {
    // What CDK renders for `https://${api.restApiId}.execute-api.${Aws.REGION}.${Aws.URL_SUFFIX}`.
    const $ = '$';
    const token = `https://${$}{Token[TOKEN.123]}.execute-api.${$}{Token[AWS.Region.4]}.${$}{Token[AWS.URLSuffix.5]}`;

    expect(directives(contentSecurityPolicy({ apiOrigin: token, loginOrigin })).get('connect-src')).toContain(token);
  });

  it.each([
    ['a path', 'https://api.example.com/dev/'],
    ['a directive smuggled in', "https://api.example.com; script-src 'unsafe-inline'"],
    ['no scheme', 'api.example.com'],
    ['a wildcard list', 'https://a.example.com https://b.example.com'],
  ])('refuses an origin with %s, naming the setting', (_, bad) => {
    expect(() => contentSecurityPolicy({ apiOrigin: bad, loginOrigin })).toThrow(/^apiOrigin must be an origin/);
  });
});

describe('webSecurityHeaders', () => {
  it('sends the CSP with HSTS, nosniff, DENY framing, a referrer policy and a permissions policy', () => {
    const headers = webSecurityHeaders({ apiOrigin, loginOrigin });

    expect(Object.keys(headers).sort()).toEqual([...WEB_SECURITY_HEADER_NAMES].sort());
    expect(headers['Content-Security-Policy']).toBe(contentSecurityPolicy({ apiOrigin, loginOrigin }));
    expect(headers['Strict-Transport-Security']).toMatch(/^max-age=\d{8}; includeSubDomains$/);
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['Permissions-Policy']).toContain('camera=()');
  });
});
