/**
 * Part III of the walkthrough, keeping what the security suites need to see: the authorization
 * code as well as the tokens it was exchanged for (the log suite searches the logs for both).
 */
import { signInWithHttp } from '@secure-notes/local-cognito/testing';
import { PASSWORD, type SignInTarget, type Tokens } from '../stack.js';

export interface SignInResult {
  readonly code: string;
  readonly tokens: Tokens;
}

/**
 * Signs in through managed login and exchanges the code with the client secret (Basic).
 *
 * @example
 * const { code, tokens } = await signInWithCode(stack, 'ada@example.com', { scope: 'openid notes/read' });
 */
export async function signInWithCode(
  target: SignInTarget,
  email: string,
  options: { readonly password?: string; readonly newPassword?: string; readonly scope?: string } = {},
): Promise<SignInResult> {
  const cognito = target.cognito;
  if (cognito === undefined) throw new Error('this stack runs without a local Cognito');
  const result = await signInWithHttp({
    url: cognito.url,
    clientId: cognito.clientId,
    redirectUri: target.callbackUrl,
    username: email,
    password: options.password ?? PASSWORD,
    ...(options.newPassword === undefined ? {} : { newPassword: options.newPassword }),
    ...(options.scope === undefined ? {} : { scope: options.scope }),
  });
  if (!result.code) throw new Error(`sign-in ended without a code: ${result.location}`);
  const response = await fetch(`${cognito.url}/oauth2/token`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Authorization: `Basic ${Buffer.from(`${cognito.clientId}:${cognito.clientSecret}`).toString('base64')}`,
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: result.code,
      redirect_uri: target.callbackUrl,
    }),
  });
  if (response.status !== 200) throw new Error(`the token endpoint answered ${response.status}`);
  return { code: result.code, tokens: (await response.json()) as Tokens };
}
