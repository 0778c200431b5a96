/**
 * The local stack's two HTML pages. `/callback` plays the part of the tutorial's "success page"
 * (Part III, step 04): it shows the authorization code and the exact curl command that
 * exchanges it for tokens. `/` is where sign-out lands, with a link to sign in again.
 * Every interpolated value is escaped.
 */
import escapeHtml from 'escape-html';
import { Router } from 'express';

export interface PagesOptions {
  readonly cognitoUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly callbackUrl: string;
  readonly apiUrl: string;
  /** Where the API's routes start (`{apiUrl}/dev` behind the local API Gateway); `apiUrl` by default. */
  readonly invokeUrl?: string;
  /** Whether the API serves `/openapi.json` and `/health` (the Express server does; API Gateway does not). */
  readonly serverLinks?: boolean;
}

export function signInUrl({ cognitoUrl, clientId, callbackUrl }: PagesOptions): string {
  const query = `client_id=${encodeURIComponent(clientId)}&response_type=code&scope=email+openid+profile&redirect_uri=${encodeURIComponent(callbackUrl)}`;
  return `${cognitoUrl}/login?${query}`;
}

/** The token exchange of the tutorial's Part III, step 05, with this stack's values filled in. */
export function tokenExchangeCommand(options: PagesOptions, code: string): string {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: options.clientId,
    client_secret: options.clientSecret,
    redirect_uri: options.callbackUrl,
  });
  return [
    `curl -X POST "${options.cognitoUrl}/oauth2/token" \\`,
    `  -H "Content-Type: application/x-www-form-urlencoded" \\`,
    `  -d "${form.toString()}"`,
  ].join('\n');
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Secure Notes (local)</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
  pre { background: #f4f4f4; padding: 1rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
  code { font-size: 0.95em; }
  .error { color: #a00; }
</style>
</head>
<body>
${body}
</body>
</html>`;
}

export function pagesRouter(options: PagesOptions): Router {
  const router = Router();
  const send = (res: import('express').Response, status: number, html: string) => {
    res.status(status).set({ 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).send(html);
  };

  router.get('/callback', (req, res) => {
    const code = typeof req.query.code === 'string' ? req.query.code : undefined;
    const error = typeof req.query.error === 'string' ? req.query.error : undefined;
    if (!code) {
      const body = `<h1>Sign-in did not complete</h1>
<p class="error" role="alert">${error ? `Cognito answered <code>${escapeHtml(error)}</code>.` : 'No authorization code arrived.'}</p>
<p><a href="${escapeHtml(signInUrl(options))}">Sign in again</a></p>`;
      send(res, 400, page('Sign-in did not complete', body));
      return;
    }
    const body = `<h1>Successfully signed in</h1>
<p>This page stands in for the tutorial's default redirect page. Cognito sent your browser here with a
one-time <strong>authorization code</strong>. It is not a token: it expires in 5 minutes and works once.</p>
<h2>Authorization code</h2>
<pre><code id="code">${escapeHtml(code)}</code></pre>
<h2>Exchange it for tokens</h2>
<p>Run this in a terminal (Part III, step 05). The response holds <code>id_token</code>, <code>access_token</code> and <code>refresh_token</code>.</p>
<pre><code id="exchange">${escapeHtml(tokenExchangeCommand(options, code))}</code></pre>
<h2>Then call the API</h2>
<pre><code>curl ${escapeHtml(options.invokeUrl ?? options.apiUrl)}/notes -H "Authorization: YOUR_ID_TOKEN"</code></pre>`;
    send(res, 200, page('Successfully signed in', body));
  });

  router.get('/', (_req, res) => {
    const links =
      options.serverLinks === false ? '' : ' (<a href="/openapi.json">OpenAPI</a>, <a href="/health">health</a>)';
    const body = `<h1>Secure Notes — local stack</h1>
<p>The Notes API is at <code>${escapeHtml(options.invokeUrl ?? options.apiUrl)}/notes</code>${links}.</p>
<p><a href="${escapeHtml(signInUrl(options))}">Sign in with managed login</a></p>`;
    send(res, 200, page('Secure Notes', body));
  });

  return router;
}
