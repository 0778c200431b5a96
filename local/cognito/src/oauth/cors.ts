/**
 * The cross-origin answers of the endpoints a browser app calls itself, as Cognito gives them:
 * the login domain's /oauth2/token, /oauth2/revoke and /oauth2/userInfo name the caller's own
 * origin (Cognito does not check it against the client's callback URLs: the code, the PKCE
 * verifier or the token is what is checked) and allow credentials; the issuer's JWKS and
 * discovery documents are public to every origin (`*`). Preflights are answered for each with
 * the method and headers the browser asked for. Without these a single-page app on another
 * origin cannot redeem its code, renew, or sign out. The headers are listed in the package's README.
 */
import type { NextFunction, Request, Response } from 'express';

const LOGIN_DOMAIN_PATHS = new Set(['/oauth2/token', '/oauth2/revoke', '/oauth2/userInfo']);
const PREFLIGHT_MAX_AGE_SECONDS = '3600';

function allowedMethods(path: string): string {
  return path === '/oauth2/userInfo' ? 'GET,POST,OPTIONS' : 'POST,OPTIONS';
}

/** Express middleware answering CORS for the OAuth 2.0 and discovery endpoints of the pool `poolId`. */
export function oauthCors(poolId: string) {
  const wellKnown = `/${poolId}/.well-known/`;
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    const loginDomain = LOGIN_DOMAIN_PATHS.has(req.path);
    const discovery = req.path.startsWith(wellKnown);
    if (origin === undefined || (!loginDomain && !discovery)) {
      next();
      return;
    }

    if (loginDomain) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
      res.vary('Origin');
    } else {
      res.set('Access-Control-Allow-Origin', '*');
    }
    if (req.method !== 'OPTIONS') {
      next();
      return;
    }

    const requestedHeaders = req.get('access-control-request-headers');
    res.set({
      'Access-Control-Allow-Methods': loginDomain ? allowedMethods(req.path) : 'GET,OPTIONS',
      ...(requestedHeaders ? { 'Access-Control-Allow-Headers': requestedHeaders } : {}),
      'Access-Control-Max-Age': PREFLIGHT_MAX_AGE_SECONDS,
    });
    res.status(204).end();
  };
}
