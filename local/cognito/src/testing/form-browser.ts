/**
 * What a browser does on managed login, over plain HTTP: keeps one host's cookies, follows
 * nothing by itself (each redirect is the test's to check), and posts forms with the page's
 * Origin. For tests that walk the pages step by step.
 */

/** The CSRF token of a managed login form. */
export function csrfOf(page: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(page);
  if (!match?.[1]) throw new Error('The page has no CSRF token.');
  return match[1];
}

/**
 * A cookie-keeping HTTP client for one local Cognito.
 *
 * @example
 * const browser = new FormBrowser(cognito.url);
 * const page = await browser.get(`/login?${query}`);
 * await browser.post(`/login?${query}`, { _csrf: csrfOf(await page.text()), username, password });
 */
export class FormBrowser {
  readonly #base: string;
  readonly #cookies = new Map<string, string>();

  constructor(base: string) {
    this.#base = base;
  }

  get(path: string): Promise<Response> {
    return this.#send(path);
  }

  post(path: string, form: Record<string, string>): Promise<Response> {
    return this.#send(path, form);
  }

  async #send(path: string, form?: Record<string, string>): Promise<Response> {
    const response = await fetch(new URL(path, this.#base), {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(this.#base).origin } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (value === '') this.#cookies.delete(pair.slice(0, at));
      else this.#cookies.set(pair.slice(0, at), value);
    }
    return response;
  }
}
