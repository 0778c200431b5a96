/**
 * Signs a user in through managed login with plain HTTP (no browser): the same GET and form
 * POSTs a browser makes, with the session cookie and CSRF token carried along. For int tests
 * that need a real authorization code or real tokens from a running local Cognito.
 */

export interface HttpSignInInput {
  /** The local Cognito's URL. */
  readonly url: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly username: string;
  readonly password: string;
  readonly scope?: string;
  readonly state?: string;
  readonly nonce?: string;
  readonly codeChallenge?: string;
  /** For a user in FORCE_CHANGE_PASSWORD: the new password (and the name, if the user has none). */
  readonly newPassword?: string;
  readonly name?: string;
}

export interface HttpSignInResult {
  /** Where managed login sent the browser at the end. */
  readonly location: URL;
  readonly code?: string;
  readonly state?: string;
  readonly error?: string;
}

/** Cookie header from Set-Cookie lines: a tiny jar, enough for one host. */
class CookieJar {
  readonly #cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }
  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('The page has no CSRF token.');
  return match[1];
}

/** Signs in through `/oauth2/authorize` and `/login` (and `/new-password` when asked) and returns the callback. */
export async function signInWithHttp(input: HttpSignInInput): Promise<HttpSignInResult> {
  const jar = new CookieJar();
  const query = new URLSearchParams({
    client_id: input.clientId,
    response_type: 'code',
    redirect_uri: input.redirectUri,
    scope: input.scope ?? 'openid email profile',
    ...(input.state !== undefined ? { state: input.state } : {}),
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    ...(input.codeChallenge !== undefined
      ? { code_challenge: input.codeChallenge, code_challenge_method: 'S256' }
      : {}),
  });
  const send = async (path: string, form?: Record<string, string>): Promise<Response> => {
    const response = await fetch(new URL(path, input.url), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(input.url).origin } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    jar.take(response);
    return response;
  };

  const authorize = await send(`/oauth2/authorize?${query}`);
  const loginPath = authorize.headers.get('location');
  if (authorize.status !== 302 || !loginPath) throw new Error(`authorize answered ${authorize.status}`);
  const loginPage = await send(loginPath);
  let response = await send(loginPath, {
    _csrf: csrfOf(await loginPage.text()),
    username: input.username,
    password: input.password,
  });
  let location = response.headers.get('location');
  if (response.status === 302 && location?.startsWith('/new-password')) {
    if (!input.newPassword) throw new Error('The user must choose a new password; pass newPassword.');
    const page = await send(location);
    response = await send(location, {
      _csrf: csrfOf(await page.text()),
      newPassword: input.newPassword,
      confirmPassword: input.newPassword,
      ...(input.name !== undefined ? { attr_name: input.name } : {}),
    });
    location = response.headers.get('location');
  }
  if (response.status !== 302 || !location) {
    throw new Error(`Managed login answered ${response.status} instead of redirecting to the callback.`);
  }
  const target = new URL(location, input.url);
  const code = target.searchParams.get('code');
  const state = target.searchParams.get('state');
  const error = target.searchParams.get('error');
  return {
    location: target,
    ...(code !== null ? { code } : {}),
    ...(state !== null ? { state } : {}),
    ...(error !== null ? { error } : {}),
  };
}
