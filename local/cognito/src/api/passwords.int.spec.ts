/**
 * Passwords through the AWS SDK: ForgotPassword and ConfirmForgotPassword (the code written to
 * the log, as sign-up codes are), ChangePassword, AdminResetUserPassword, and
 * AdminSetUserPassword from every user status.
 */
import {
  AdminDisableUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ForgotPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import { badRequest, errorOf, fieldsOf, rejectionOf, STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';

const api = useApiFixture();

const NEW_PASSWORD = 'Brand-New-Pass-7';

function forgot(username: string, clientId = api.cognito.clientId, withHash = true) {
  return api.sdk.send(
    new ForgotPasswordCommand({
      ClientId: clientId,
      Username: username,
      ...(withHash ? { SecretHash: api.hash(username) } : {}),
    }),
  );
}

function confirmForgot(username: string, code: string, password = NEW_PASSWORD, clientId = api.cognito.clientId) {
  return api.sdk.send(
    new ConfirmForgotPasswordCommand({
      ClientId: clientId,
      Username: username,
      ConfirmationCode: code,
      Password: password,
      ...(clientId === api.cognito.clientId ? { SecretHash: api.hash(username) } : {}),
    }),
  );
}

async function statusOf(email: string): Promise<string | undefined> {
  return (await api.adminGetUser(email)).UserStatus;
}

async function legacyClient(): Promise<string> {
  const created = await api.createClient({
    ClientName: 'legacy-recovery',
    ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
  });
  return created.UserPoolClient?.ClientId as string;
}

function setPassword(email: string, permanent: boolean, password = NEW_PASSWORD) {
  return api.sdk.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: api.cognito.userPoolId,
      Username: email,
      Password: password,
      Permanent: permanent,
    }),
  );
}

/** A six-digit code that is not `code`. */
function otherCode(code: string): string {
  return code === '000000' ? '111111' : '000000';
}

const INCORRECT = badRequest('NotAuthorizedException', 'Incorrect username or password.');
const CODE_MISMATCH = badRequest('CodeMismatchException', 'Invalid verification code provided, please try again.');
const ATTEMPT_LIMIT = badRequest('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
const CANNOT_RESET = badRequest('NotAuthorizedException', 'User password cannot be reset in the current state.');
const WEAK_PASSWORD = badRequest(
  'InvalidPasswordException',
  'Password did not conform with policy: Password must have uppercase characters',
);
const USER_NOT_FOUND = badRequest('UserNotFoundException', 'User does not exist.');

describe('ForgotPassword and ConfirmForgotPassword', () => {
  it('mails a code to the verified email, and the code with a new password replaces the old one', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const sent = await forgot(email);
    const code = api.log.passwordResetCodeFor(email) as string;
    const confirmed = await confirmForgot(email, code);
    const oldPassword = await rejectionOf(api.passwordAuth(email, STRONG_PASSWORD));
    const newPassword = await api.passwordAuth(email, NEW_PASSWORD);

    // assert
    expect(fieldsOf(sent)).toEqual({
      CodeDeliveryDetails: { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    expect(code).toMatch(/^\d{6}$/);
    expect(api.log.lines.find((line) => line.event === 'password-reset-code' && line.to === email)?.msg).toBe(
      `Password reset email to ${email}: Your password reset code is ${code}`,
    );
    expect(fieldsOf(confirmed)).toEqual({});
    expect(errorOf(oldPassword)).toEqual(INCORRECT);
    expect(newPassword.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(api.log.text()).not.toContain(NEW_PASSWORD);
  });

  it('answers an unknown name as if a code was sent, unless the client is LEGACY (UserNotFoundException)', async () => {
    // prepare
    const nobody = freshEmail();
    const legacy = await legacyClient();

    // act
    const simulated = await forgot(nobody);
    const simulatedConfirm = await rejectionOf(confirmForgot(nobody, '123456'));
    const told = await rejectionOf(forgot(nobody, legacy, false));
    const toldConfirm = await rejectionOf(confirmForgot(nobody, '123456', NEW_PASSWORD, legacy));

    // assert
    expect(fieldsOf(simulated)).toEqual({
      CodeDeliveryDetails: { Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    expect(api.log.passwordResetCodeFor(nobody)).toBeUndefined();
    expect(errorOf(simulatedConfirm)).toEqual(CODE_MISMATCH);
    const notFound = badRequest('UserNotFoundException', 'Username/client id combination not found.');
    expect(errorOf(told)).toEqual(notFound);
    expect(errorOf(toldConfirm)).toEqual(notFound);
  });

  it('refuses a user without a verified email (InvalidParameterException), an invited one and a disabled one (NotAuthorizedException)', async () => {
    // prepare
    const unverified = await api.invitedUser();
    await setPassword(unverified, true, STRONG_PASSWORD);
    const invited = await api.invitedUser({ attributes: { email_verified: 'true' } });
    const { email: disabled } = await api.confirmedUser();
    await api.sdk.send(new AdminDisableUserCommand({ UserPoolId: api.cognito.userPoolId, Username: disabled }));

    // act
    const noEmail = await rejectionOf(forgot(unverified));
    const forceChange = await rejectionOf(forgot(invited));
    const off = await rejectionOf(forgot(disabled));

    // assert
    expect(errorOf(noEmail)).toEqual(
      badRequest(
        'InvalidParameterException',
        'Cannot reset password for the user as there is no registered/verified email or phone_number',
      ),
    );
    expect(errorOf(forceChange)).toEqual(CANNOT_RESET);
    expect(errorOf(off)).toEqual(badRequest('NotAuthorizedException', 'User is disabled.'));
  });

  it('requires SECRET_HASH and a known client', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const noHash = await rejectionOf(forgot(email, api.cognito.clientId, false));
    const unknownClient = await rejectionOf(forgot(email, 'nosuchclient0000000000000a', false));

    // assert
    expect(errorOf(noHash)).toEqual(
      badRequest(
        'NotAuthorizedException',
        `Client ${api.cognito.clientId} is configured with secret but SECRET_HASH was not received`,
      ),
    );
    expect(errorOf(unknownClient)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool client nosuchclient0000000000000a does not exist.'),
    );
  });

  it('keeps the code usable after a weak password (InvalidPasswordException) and voids it after five wrong codes (LimitExceededException)', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    await forgot(email);
    const code = api.log.passwordResetCodeFor(email) as string;

    // act
    const weak = await rejectionOf(confirmForgot(email, code, 'weakpass'));
    const wrong: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++) wrong.push(await rejectionOf(confirmForgot(email, otherCode(code))));
    const rightAfterwards = await rejectionOf(confirmForgot(email, code));

    // assert
    expect(errorOf(weak)).toEqual(WEAK_PASSWORD);
    expect(wrong.slice(0, 4).map(errorOf)).toEqual([CODE_MISMATCH, CODE_MISMATCH, CODE_MISMATCH, CODE_MISMATCH]);
    expect(errorOf(wrong[4])).toEqual(ATTEMPT_LIMIT);
    expect(errorOf(rightAfterwards)).toEqual(ATTEMPT_LIMIT);
    expect((await api.passwordAuth(email)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses a code after its hour (ExpiredCodeException), and when none was asked for', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const { email: never } = await api.confirmedUser();
    await forgot(email);
    const code = api.log.passwordResetCodeFor(email) as string;

    // act
    api.clock.advance(60 * 60_000 + 1000);
    const late = await rejectionOf(confirmForgot(email, code));
    const noneAsked = await rejectionOf(confirmForgot(never, '123456'));

    // assert
    const expired = badRequest('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    expect(errorOf(late)).toEqual(expired);
    expect(errorOf(noneAsked)).toEqual(expired);
  });
});

describe('ChangePassword', () => {
  it('changes the password of the access token’s user', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const tokens = await api.passwordAuth(email);

    // act
    const output = await api.sdk.send(
      new ChangePasswordCommand({
        AccessToken: tokens.AuthenticationResult?.AccessToken,
        PreviousPassword: STRONG_PASSWORD,
        ProposedPassword: NEW_PASSWORD,
      }),
    );
    const withNew = await api.passwordAuth(email, NEW_PASSWORD);
    const withOld = await rejectionOf(api.passwordAuth(email, STRONG_PASSWORD));

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(withNew.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(errorOf(withOld)).toEqual(INCORRECT);
  });

  it('refuses a wrong previous password, a weak new one, an invalid token, and stops after five wrong tries', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const accessToken = (await api.passwordAuth(email)).AuthenticationResult?.AccessToken as string;
    const change = (previous: string, proposed: string, token = accessToken) =>
      api.sdk.send(
        new ChangePasswordCommand({ AccessToken: token, PreviousPassword: previous, ProposedPassword: proposed }),
      );

    // act
    const weak = await rejectionOf(change(STRONG_PASSWORD, 'short'));
    const badToken = await rejectionOf(change(STRONG_PASSWORD, NEW_PASSWORD, 'not.a.token'));
    const wrong: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++)
      wrong.push(await rejectionOf(change('Wrong-Password-1', NEW_PASSWORD)));
    const rightDuringLockout = await rejectionOf(change(STRONG_PASSWORD, NEW_PASSWORD));

    // assert
    expect(errorOf(weak)).toEqual(
      badRequest('InvalidPasswordException', 'Password did not conform with policy: Password not long enough'),
    );
    expect(errorOf(badToken)).toEqual(badRequest('NotAuthorizedException', 'Invalid Access Token'));
    expect(errorOf(wrong[0])).toEqual(INCORRECT);
    expect(errorOf(rightDuringLockout)).toEqual(ATTEMPT_LIMIT);
  });
});

describe('AdminResetUserPassword', () => {
  it('puts the user in RESET_REQUIRED and mails a code; sign-in then asks for the reset, which the code completes', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const output = await api.sdk.send(
      new AdminResetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: email }),
    );
    const status = await statusOf(email);
    const signIn = await rejectionOf(api.passwordAuth(email));
    await confirmForgot(email, api.log.passwordResetCodeFor(email) as string);
    const after = await api.passwordAuth(email, NEW_PASSWORD);

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(status).toBe('RESET_REQUIRED');
    expect(errorOf(signIn)).toEqual(
      badRequest('PasswordResetRequiredException', 'Password reset required for the user'),
    );
    expect(await statusOf(email)).toBe('CONFIRMED');
    expect(after.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('answers UserNotFoundException, ResourceNotFoundException for another pool, and NotAuthorizedException for an invited user', async () => {
    // prepare
    const invited = await api.invitedUser();
    const reset = (UserPoolId: string, Username: string) =>
      api.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId, Username }));

    // act
    const unknown = await rejectionOf(reset(api.cognito.userPoolId, 'nobody@example.com'));
    const otherPool = await rejectionOf(reset('us-east-1_Nope12345', invited));
    const forceChange = await rejectionOf(reset(api.cognito.userPoolId, invited));

    // assert
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
    expect(errorOf(otherPool)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.'),
    );
    expect(errorOf(forceChange)).toEqual(CANNOT_RESET);
  });
});

describe('AdminSetUserPassword', () => {
  async function userIn(
    status: 'UNCONFIRMED' | 'FORCE_CHANGE_PASSWORD' | 'CONFIRMED' | 'RESET_REQUIRED',
  ): Promise<string> {
    if (status === 'UNCONFIRMED') {
      const email = freshEmail();
      await api.signUp(email, { name: 'Someone' });
      return email;
    }
    if (status === 'FORCE_CHANGE_PASSWORD') return api.invitedUser({ attributes: { name: 'Someone' } });
    const { email } = await api.confirmedUser();
    if (status === 'RESET_REQUIRED') {
      await api.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));
    }
    return email;
  }

  for (const from of ['UNCONFIRMED', 'FORCE_CHANGE_PASSWORD', 'CONFIRMED', 'RESET_REQUIRED'] as const) {
    it(`makes a ${from} user CONFIRMED with a permanent password, which then signs in`, async () => {
      // prepare
      const email = await userIn(from);

      // act
      const output = await setPassword(email, true);
      const status = await statusOf(email);
      const signIn = await api.passwordAuth(email, NEW_PASSWORD);

      // assert
      expect(fieldsOf(output)).toEqual({});
      expect(status).toBe('CONFIRMED');
      expect(signIn.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    });

    it(`makes a ${from} user FORCE_CHANGE_PASSWORD with a temporary password, which then signs in to a NEW_PASSWORD_REQUIRED challenge`, async () => {
      // prepare
      const email = await userIn(from);

      // act
      await setPassword(email, false);
      const status = await statusOf(email);
      const signIn = await api.passwordAuth(email, NEW_PASSWORD);

      // assert
      expect(status).toBe('FORCE_CHANGE_PASSWORD');
      expect(signIn.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    });
  }

  it('refuses a password the policy refuses, a missing password, and an unknown user', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const weak = await rejectionOf(setPassword(email, true, 'alllowercase1!'));
    const missing = await rejectionOf(
      api.sdk.send(new AdminSetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: email } as never)),
    );
    const unknown = await rejectionOf(setPassword('nobody@example.com', true));

    // assert
    expect(errorOf(weak)).toEqual(WEAK_PASSWORD);
    expect(errorOf(missing)).toEqual(
      badRequest(
        'InvalidParameterException',
        "1 validation error detected: Value null at 'password' failed to satisfy constraint: Member must not be null",
      ),
    );
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
  });
});
