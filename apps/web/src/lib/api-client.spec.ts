import { describe, expect, it } from 'vitest';
import { API_URL, InProcessNotesApi } from '../testing/in-process-api.js';
import { ApiClient, type Session } from './api-client.js';
import { ApiError } from './api-error.js';

function session(tokens: { current: string; renewed: string | undefined }) {
  const calls = { renew: 0, signIn: 0 };
  const value: Session = {
    idToken: async () => tokens.current,
    renew: async () => {
      calls.renew += 1;
      return tokens.renewed;
    },
    signInAgain: async () => {
      calls.signIn += 1;
    },
  };
  return { value, calls };
}

describe('ApiClient', () => {
  it('sends the ID token as Authorization', async () => {
    const api = new InProcessNotesApi();
    const client = new ApiClient(API_URL, session({ current: 'alice', renewed: undefined }).value, api.fetch);

    await client.request('GET', '/notes');

    expect(api.requests[0]?.headers.get('Authorization')).toBe('alice');
  });

  it('renews the session once after a 401 and repeats the call with the new token', async () => {
    const api = new InProcessNotesApi();
    const { value, calls } = session({ current: 'expired-token', renewed: 'alice' });
    const client = new ApiClient(API_URL, value, api.fetch);

    const answer = await client.request<{ count: number }>('GET', '/notes');

    expect(answer.body.count).toBe(0);
    expect(calls).toEqual({ renew: 1, signIn: 0 });
    expect(api.requests.map((request) => request.headers.get('Authorization'))).toEqual(['expired-token', 'alice']);
  });

  it('sends the person to sign in when renewal fails, and reports a 401', async () => {
    const api = new InProcessNotesApi();
    const { value, calls } = session({ current: 'expired-token', renewed: undefined });
    const client = new ApiClient(API_URL, value, api.fetch);

    await expect(client.request('GET', '/notes')).rejects.toMatchObject({ status: 401 });
    expect(calls.signIn).toBe(1);
  });

  it('keeps the status, the body and Retry-After of a failure', async () => {
    const api = new InProcessNotesApi();
    api.answerNext({ status: 429, body: { message: 'Too Many Requests' }, headers: { 'Retry-After': '3' } });
    const client = new ApiClient(API_URL, session({ current: 'alice', renewed: undefined }).value, api.fetch);

    const failure = await client.request('GET', '/notes').catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 429, retryAfterSeconds: 3, body: { message: 'Too Many Requests' } });
  });

  it('reports a call that got no answer as status 0', async () => {
    const client = new ApiClient(API_URL, session({ current: 'alice', renewed: undefined }).value, async () => {
      throw new TypeError('Failed to fetch');
    });

    await expect(client.request('GET', '/notes')).rejects.toMatchObject({ status: 0 });
  });
});
