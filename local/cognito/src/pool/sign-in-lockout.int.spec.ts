import { createHmac, randomUUID } from 'node:crypto';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminClient, createConfirmedUser, freshEmail, STRONG_PASSWORD } from '../testing/admin.js';
import { startCognitoForTest, type TestCognito } from '../testing/start-for-test.js';

const CALLBACK = 'http://localhost:3000/callback';
const FIRST_LOCKOUT_MS = 30_000;
const WRONG_PASSWORD = 'Wrong-Password-1';

/** The pool's clock: tests move it instead of waiting. */
let clock = Date.now();
let local: TestCognito;

beforeAll(async () => {
  local = await startCognitoForTest({ now: () => clock, signInLockout: { firstLockoutMs: FIRST_LOCKOUT_MS } });
});

afterAll(async () => {
  await local?.cognito.close();
});

/** What USER_PASSWORD_AUTH answered: tokens, or the error's name and message. */
async function passwordAuth(username: string, password: string): Promise<string> {
  const { clientId, clientSecret } = local.cognito;
  const sdk = adminClient(local.cognito);
  try {
    const result = await sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: {
          USERNAME: username,
          PASSWORD: password,
          SECRET_HASH: createHmac('sha256', clientSecret)
            .update(username + clientId)
            .digest('base64'),
        },
      }),
    );
    return result.AuthenticationResult?.AccessToken ? 'tokens' : 'no tokens';
  } catch (error) {
    return `${(error as Error).name}: ${(error as Error).message}`;
  } finally {
    sdk.destroy();
  }
}

const INCORRECT = 'NotAuthorizedException: Incorrect username or password.';
const EXCEEDED = 'NotAuthorizedException: Password attempts exceeded';

/** One browser on managed login: opens /login, then posts the form with its cookie and CSRF token. */
async function loginForm(username: string, password: string): Promise<{ status: number; page: string }> {
  const query = new URLSearchParams({
    client_id: local.cognito.clientId,
    response_type: 'code',
    scope: 'openid email',
    redirect_uri: CALLBACK,
    state: randomUUID(),
  });
  const opened = await fetch(`${local.cognito.url}/login?${query}`);
  const cookie = opened.headers
    .getSetCookie()
    .map((line) => line.split(';')[0])
    .join('; ');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await opened.text())?.[1] as string;
  const posted = await fetch(`${local.cognito.url}/login?${query}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', origin: local.cognito.url },
    body: new URLSearchParams({ _csrf: csrf, username, password }).toString(),
  });
  return { status: posted.status, page: await posted.text() };
}

describe('sign-in lockout', () => {
  it('refuses InitiateAuth after five wrong passwords, even with the right one, until the lockout ends', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);

    // act
    const wrong: string[] = [];
    for (let attempt = 0; attempt < 5; attempt++) wrong.push(await passwordAuth(email, WRONG_PASSWORD));
    const rightDuringLockout = await passwordAuth(email, STRONG_PASSWORD);
    clock += FIRST_LOCKOUT_MS - 1;
    const rightJustBeforeTheEnd = await passwordAuth(email, STRONG_PASSWORD);
    clock += 1;
    const rightAfterLockout = await passwordAuth(email, STRONG_PASSWORD);
    const wrongAfterSuccess = await passwordAuth(email, WRONG_PASSWORD);

    // assert
    expect(wrong).toEqual(Array.from({ length: 5 }, () => INCORRECT));
    expect(rightDuringLockout).toBe(EXCEEDED);
    expect(rightJustBeforeTheEnd).toBe(EXCEEDED);
    expect(rightAfterLockout).toBe('tokens');
    expect(wrongAfterSuccess).toBe(INCORRECT);
  });

  it('doubles the lockout with each further wrong password', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);
    for (let attempt = 0; attempt < 5; attempt++) await passwordAuth(email, WRONG_PASSWORD);
    clock += FIRST_LOCKOUT_MS;

    // act
    const sixthWrong = await passwordAuth(email, WRONG_PASSWORD);
    clock += FIRST_LOCKOUT_MS;
    const afterOnePeriod = await passwordAuth(email, STRONG_PASSWORD);
    clock += FIRST_LOCKOUT_MS;
    const afterTwoPeriods = await passwordAuth(email, STRONG_PASSWORD);

    // assert
    expect(sixthWrong).toBe(INCORRECT);
    expect(afterOnePeriod).toBe(EXCEEDED);
    expect(afterTwoPeriods).toBe('tokens');
  });

  it('counts wrong passwords sent all at once', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);

    // act
    const answers = await Promise.all(Array.from({ length: 10 }, () => passwordAuth(email, WRONG_PASSWORD)));

    // assert
    expect(answers.filter((answer) => answer === INCORRECT)).toHaveLength(5);
    expect(answers.filter((answer) => answer === EXCEEDED)).toHaveLength(5);
  });

  it('locks out an email that matches no user the same way, so the lockout does not reveal accounts', async () => {
    // prepare
    const nobody = freshEmail();

    // act
    const answers: string[] = [];
    for (let attempt = 0; attempt < 6; attempt++) answers.push(await passwordAuth(nobody, WRONG_PASSWORD));

    // assert
    expect(answers).toEqual([...Array.from({ length: 5 }, () => INCORRECT), EXCEEDED]);
  });

  it('locks managed login out too, and the page says to wait', async () => {
    // prepare
    const { email } = await createConfirmedUser(local.cognito);

    // act
    const wrong: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) wrong.push((await loginForm(email, WRONG_PASSWORD)).status);
    const right = await loginForm(email, STRONG_PASSWORD);
    const api = await passwordAuth(email, STRONG_PASSWORD);
    clock += FIRST_LOCKOUT_MS;
    const later = await loginForm(email, STRONG_PASSWORD);

    // assert
    expect(wrong).toEqual([400, 400, 400, 400, 400]);
    expect(right.status).toBe(400);
    expect(right.page).toContain('Password attempts exceeded: too many wrong passwords in a row. Wait a little');
    expect(api).toBe(EXCEEDED);
    expect(later.status).toBe(302);
  });
});
