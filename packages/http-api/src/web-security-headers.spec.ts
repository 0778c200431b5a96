import { describe, expect, it } from 'vitest';
import { webCacheControl, webContentSecurityPolicy, webResponseHeaders } from './web-security-headers.js';

const origins = { apiOrigin: 'https://api.example.com', loginOrigin: 'https://login.example.com' };

function directives(csp: string): Map<string, string> {
  return new Map(
    csp.split('; ').map((directive) => {
      const [name = '', ...values] = directive.split(' ');
      return [name, values.join(' ')];
    }),
  );
}

describe('webContentSecurityPolicy', () => {
  it('lets the app call only its own origin, the API and the login domain', () => {
    expect(directives(webContentSecurityPolicy(origins)).get('connect-src')).toBe(
      "'self' https://api.example.com https://login.example.com",
    );
  });

  it('lets the app upload to the attachments bucket when it has one', () => {
    const withBucket = { ...origins, objectStorageOrigin: 'https://notes-files.s3.eu-west-1.amazonaws.com' };
    expect(directives(webContentSecurityPolicy(withBucket)).get('connect-src')).toBe(
      "'self' https://api.example.com https://login.example.com https://notes-files.s3.eu-west-1.amazonaws.com",
    );
  });

  it('allows no inline script and no framing', () => {
    const csp = directives(webContentSecurityPolicy(origins));
    expect(csp.get('script-src')).toBe("'self'");
    expect(csp.get('frame-ancestors')).toBe("'none'");
    expect(webContentSecurityPolicy(origins)).not.toContain('unsafe');
  });
});

describe('webResponseHeaders', () => {
  it('sends the CSP with the other security headers', () => {
    const headers = webResponseHeaders(origins);
    expect(Object.keys(headers)).toEqual(
      expect.arrayContaining([
        'Content-Security-Policy',
        'X-Content-Type-Options',
        'X-Frame-Options',
        'Referrer-Policy',
      ]),
    );
  });
});

describe('webCacheControl', () => {
  it('caches hashed assets for good and never index.html or config.json', () => {
    expect(webCacheControl('/assets/index-abc123.js')).toContain('immutable');
    expect(webCacheControl('/index.html')).toBe('no-cache');
    expect(webCacheControl('/config.json')).toBe('no-cache');
  });
});
