/**
 * AdminInitiateAuth, AdminRespondToAuthChallenge and REFRESH_TOKEN_AUTH through the AWS SDK:
 * every field of the answers and each error the API reference lists that can happen here.
 */
import {
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  CreateUserPoolClientCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import {
  type ApiFixture,
  errorOf,
  fieldsOf,
  rejectionOf,
  STRONG_PASSWORD,
  startApiFixture,
} from '../testing/api-fixture.js';

let api: ApiFixture;

beforeAll(async () => {
  api = await startApiFixture();
});

afterAll(async () => {
  await api?.close();
});

const TEMPORARY = 'Temp-Pass-1';

function adminAuth(
  parameters: Record<string, string>,
  overrides: { ClientId?: string; UserPoolId?: string; AuthFlow?: string } = {},
) {
  return api.sdk.send(
    new AdminInitiateAuthCommand({
      UserPoolId: api.cognito.userPoolId,
      ClientId: api.cognito.clientId,
      AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
      AuthParameters: parameters,
      ...(overrides as object),
    }),
  );
}

async function invitedUser(name?: string): Promise<string> {
  const email = freshEmail();
  await api.sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: api.cognito.userPoolId,
      Username: email,
      TemporaryPassword: TEMPORARY,
      MessageAction: 'SUPPRESS',
      ...(name !== undefined ? { UserAttributes: [{ Name: 'name', Value: name }] } : {}),
    }),
  );
  return email;
}

describe('AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH', () => {
  it('answers ID, access and refresh tokens with the fields of AuthenticationResult', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();

    // act
    const output = await api.adminPasswordAuth(email);

    // assert
    expect(fieldsOf(output)).toEqual({
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: expect.any(String),
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        RefreshToken: expect.any(String),
        IdToken: expect.any(String),
      },
    });
    expect(decodeJwt(output.AuthenticationResult?.AccessToken as string)).toMatchObject({
      token_use: 'access',
      username,
      client_id: api.cognito.clientId,
      scope: 'aws.cognito.signin.user.admin',
    });
    expect(decodeJwt(output.AuthenticationResult?.IdToken as string)).toMatchObject({
      token_use: 'id',
      email,
      aud: api.cognito.clientId,
    });
  });

  it('accepts the legacy name ADMIN_NO_SRP_AUTH', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const output = await adminAuth(
      { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash(email) },
      { AuthFlow: 'ADMIN_NO_SRP_AUTH' },
    );

    // assert
    expect(output.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong password and an unknown user alike, with NotAuthorizedException', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const nobody = freshEmail();

    // act
    const wrong = await rejectionOf(api.adminPasswordAuth(email, 'Wrong-Password-1'));
    const unknown = await rejectionOf(api.adminPasswordAuth(nobody));

    // assert
    const incorrect = { name: 'NotAuthorizedException', message: 'Incorrect username or password.', status: 400 };
    expect(errorOf(wrong)).toEqual(incorrect);
    expect(errorOf(unknown)).toEqual(incorrect);
  });

  it('tells an unknown user apart (UserNotFoundException) for a client with PreventUserExistenceErrors LEGACY', async () => {
    // prepare
    const created = await api.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientName: 'legacy-admin',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );

    // act
    const unknown = await rejectionOf(
      adminAuth(
        { USERNAME: freshEmail(), PASSWORD: STRONG_PASSWORD },
        { ClientId: created.UserPoolClient?.ClientId as string },
      ),
    );

    // assert
    expect(errorOf(unknown)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
  });

  it('requires SECRET_HASH from a client with a secret, and checks it', async () => {
    // prepare
    const { email } = await api.confirmedUser();

    // act
    const missing = await rejectionOf(adminAuth({ USERNAME: email, PASSWORD: STRONG_PASSWORD }));
    const wrong = await rejectionOf(
      adminAuth({ USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash('someone-else') }),
    );

    // assert
    expect(errorOf(missing)).toEqual({
      name: 'NotAuthorizedException',
      message: `Client ${api.cognito.clientId} is configured with secret but SECRET_HASH was not received`,
      status: 400,
    });
    expect(errorOf(wrong)).toEqual({
      name: 'NotAuthorizedException',
      message: `Unable to verify secret hash for client ${api.cognito.clientId}`,
      status: 400,
    });
  });

  it('refuses a flow the client does not allow, and USER_PASSWORD_AUTH, which belongs to InitiateAuth', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const created = await api.sdk.send(
      new CreateUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientName: 'no-admin-flow',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );

    // act
    const notAllowed = await rejectionOf(
      adminAuth(
        { USERNAME: email, PASSWORD: STRONG_PASSWORD },
        { ClientId: created.UserPoolClient?.ClientId as string },
      ),
    );
    const wrongOperation = await rejectionOf(
      adminAuth(
        { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash(email) },
        { AuthFlow: 'USER_PASSWORD_AUTH' },
      ),
    );
    const adminFlowOnInitiateAuth = await rejectionOf(
      api.sdk.send(
        new InitiateAuthCommand({
          ClientId: api.cognito.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash(email) },
        }),
      ),
    );

    // assert
    expect(errorOf(notAllowed)).toEqual({
      name: 'InvalidParameterException',
      message: 'Auth flow not enabled for this client',
      status: 400,
    });
    const notSupported = {
      name: 'InvalidParameterException',
      message: 'Initiate Auth method not supported.',
      status: 400,
    };
    expect(errorOf(wrongOperation)).toEqual(notSupported);
    expect(errorOf(adminFlowOnInitiateAuth)).toEqual(notSupported);
  });

  it('answers ResourceNotFoundException for another pool or an unknown client, and names a missing parameter', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const parameters = { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash(email) };

    // act
    const otherPool = await rejectionOf(adminAuth(parameters, { UserPoolId: 'us-east-1_Nope12345' }));
    const unknownClient = await rejectionOf(adminAuth(parameters, { ClientId: 'nosuchclient0000000000000a' }));
    const noPassword = await rejectionOf(adminAuth({ USERNAME: email, SECRET_HASH: api.hash(email) }));
    const noPool = await rejectionOf(
      api.sdk.send(
        new AdminInitiateAuthCommand({
          ClientId: api.cognito.clientId,
          AuthFlow: 'ADMIN_USER_PASSWORD_AUTH',
          AuthParameters: parameters,
        } as never),
      ),
    );

    // assert
    expect(errorOf(otherPool)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_Nope12345 does not exist.',
      status: 400,
    });
    expect(errorOf(unknownClient)).toEqual({
      name: 'ResourceNotFoundException',
      message: 'User pool client nosuchclient0000000000000a does not exist.',
      status: 400,
    });
    expect(errorOf(noPassword)).toEqual({
      name: 'InvalidParameterException',
      message: 'Missing required parameter PASSWORD',
      status: 400,
    });
    expect(errorOf(noPool)).toEqual({
      name: 'InvalidParameterException',
      message:
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      status: 400,
    });
  });

  it('refuses an unconfirmed user (UserNotConfirmedException) and a user whose password was reset (PasswordResetRequiredException)', async () => {
    // prepare
    const unconfirmed = freshEmail();
    await api.sdk.send(
      new SignUpCommand({
        ClientId: api.cognito.clientId,
        SecretHash: api.hash(unconfirmed),
        Username: unconfirmed,
        Password: STRONG_PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'Not Yet' }],
      }),
    );
    const { email: reset } = await api.confirmedUser();
    await api.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: reset }));

    // act
    const notConfirmed = await rejectionOf(api.adminPasswordAuth(unconfirmed));
    const resetRequired = await rejectionOf(api.adminPasswordAuth(reset));

    // assert
    expect(errorOf(notConfirmed)).toEqual({
      name: 'UserNotConfirmedException',
      message: 'User is not confirmed.',
      status: 400,
    });
    expect(errorOf(resetRequired)).toEqual({
      name: 'PasswordResetRequiredException',
      message: 'Password reset required for the user',
      status: 400,
    });
  });
});

describe('AdminRespondToAuthChallenge with NEW_PASSWORD_REQUIRED', () => {
  function answer(email: string, session: string | undefined, responses: Record<string, string>) {
    return api.sdk.send(
      new AdminRespondToAuthChallengeCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientId: api.cognito.clientId,
        ChallengeName: 'NEW_PASSWORD_REQUIRED',
        Session: session,
        ChallengeResponses: { USERNAME: email, SECRET_HASH: api.hash(email), ...responses },
      }),
    );
  }

  it('challenges an invited user, then gives tokens for a new password and the missing name', async () => {
    // prepare
    const email = await invitedUser();

    // act
    const challenge = await api.adminPasswordAuth(email, TEMPORARY);
    const done = await answer(email, challenge.Session, {
      NEW_PASSWORD: STRONG_PASSWORD,
      'userAttributes.name': 'Mary Jackson',
    });
    const again = await api.adminPasswordAuth(email);

    // assert
    expect(fieldsOf(challenge)).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: expect.any(String),
      ChallengeParameters: {
        USER_ID_FOR_SRP: expect.stringMatching(/^[0-9a-f-]{36}$/),
        requiredAttributes: '["userAttributes.name"]',
        userAttributes: JSON.stringify({ email }),
      },
    });
    expect(fieldsOf(done)).toEqual({
      ChallengeParameters: {},
      AuthenticationResult: {
        AccessToken: expect.any(String),
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        RefreshToken: expect.any(String),
        IdToken: expect.any(String),
      },
    });
    expect(decodeJwt(done.AuthenticationResult?.IdToken as string)).toMatchObject({ email, name: 'Mary Jackson' });
    expect(again.AuthenticationResult?.IdToken).toEqual(expect.any(String));
  });

  it('refuses a weak password (InvalidPasswordException) and a missing required attribute (InvalidParameterException), keeping the session', async () => {
    // prepare
    const email = await invitedUser();
    const challenge = await api.adminPasswordAuth(email, TEMPORARY);

    // act
    const weak = await rejectionOf(
      answer(email, challenge.Session, { NEW_PASSWORD: 'weakpass', 'userAttributes.name': 'Ann' }),
    );
    const noName = await rejectionOf(answer(email, challenge.Session, { NEW_PASSWORD: STRONG_PASSWORD }));
    const done = await answer(email, challenge.Session, {
      NEW_PASSWORD: STRONG_PASSWORD,
      'userAttributes.name': 'Ann',
    });

    // assert
    expect(errorOf(weak)).toEqual({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password must have uppercase characters',
      status: 400,
    });
    expect(errorOf(noName)).toEqual({
      name: 'InvalidParameterException',
      message: 'Invalid attributes given, name is missing',
      status: 400,
    });
    expect(done.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses a session of InitiateAuth, an answered one, and one past the client’s AuthSessionValidity', async () => {
    // prepare
    const email = await invitedUser('Ann');
    const fromClientApi = await api.sdk.send(
      new InitiateAuthCommand({
        ClientId: api.cognito.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: TEMPORARY, SECRET_HASH: api.hash(email) },
      }),
    );
    const late = await api.adminPasswordAuth(email, TEMPORARY);

    // act
    const foreign = await rejectionOf(answer(email, fromClientApi.Session, { NEW_PASSWORD: STRONG_PASSWORD }));
    api.clock.advance(3 * 60_000 + 1);
    const expired = await rejectionOf(answer(email, late.Session, { NEW_PASSWORD: STRONG_PASSWORD }));
    const relogin = await api.adminPasswordAuth(email, TEMPORARY);
    await answer(email, relogin.Session, { NEW_PASSWORD: STRONG_PASSWORD });
    const answered = await rejectionOf(answer(email, relogin.Session, { NEW_PASSWORD: STRONG_PASSWORD }));

    // assert
    const invalidSession = {
      name: 'NotAuthorizedException',
      message: 'Invalid session for the user, session is expired.',
      status: 400,
    };
    expect(errorOf(foreign)).toEqual(invalidSession);
    expect(errorOf(expired)).toEqual(invalidSession);
    expect(errorOf(answered)).toEqual(invalidSession);
  });

  it('refuses a challenge it does not know (InvalidParameterException)', async () => {
    // prepare
    const email = await invitedUser('Ann');
    const challenge = await api.adminPasswordAuth(email, TEMPORARY);

    // act
    const unknown = await rejectionOf(
      api.sdk.send(
        new AdminRespondToAuthChallengeCommand({
          UserPoolId: api.cognito.userPoolId,
          ClientId: api.cognito.clientId,
          ChallengeName: 'SMS_MFA',
          Session: challenge.Session,
          ChallengeResponses: { USERNAME: email, SMS_MFA_CODE: '123456', SECRET_HASH: api.hash(email) },
        }),
      ),
    );

    // assert
    expect(errorOf(unknown)).toEqual({
      name: 'InvalidParameterException',
      message: 'Unsupported challenge SMS_MFA.',
      status: 400,
    });
  });
});

describe('REFRESH_TOKEN_AUTH', () => {
  function refresh(refreshToken: string, secretHashOf: string | undefined, admin: boolean) {
    const parameters = {
      REFRESH_TOKEN: refreshToken,
      ...(secretHashOf !== undefined ? { SECRET_HASH: api.hash(secretHashOf) } : {}),
    };
    return admin
      ? api.sdk.send(
          new AdminInitiateAuthCommand({
            UserPoolId: api.cognito.userPoolId,
            ClientId: api.cognito.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: parameters,
          }),
        )
      : api.sdk.send(
          new InitiateAuthCommand({
            ClientId: api.cognito.clientId,
            AuthFlow: 'REFRESH_TOKEN_AUTH',
            AuthParameters: parameters,
          }),
        );
  }

  it('gives new ID and access tokens (no refresh token) through InitiateAuth and AdminInitiateAuth, keeping the sign-in’s auth_time', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();
    const first = await api.passwordAuth(email);
    const refreshToken = first.AuthenticationResult?.RefreshToken as string;

    // act
    const viaClient = await refresh(refreshToken, username, false);
    const viaAdmin = await refresh(refreshToken, email, true);

    // assert
    for (const output of [viaClient, viaAdmin]) {
      expect(fieldsOf(output)).toEqual({
        ChallengeParameters: {},
        AuthenticationResult: {
          AccessToken: expect.any(String),
          ExpiresIn: 3600,
          TokenType: 'Bearer',
          IdToken: expect.any(String),
        },
      });
      const claims = decodeJwt(output.AuthenticationResult?.IdToken as string);
      const original = decodeJwt(first.AuthenticationResult?.IdToken as string);
      expect(claims.auth_time).toBe(original.auth_time);
      expect(claims.origin_jti).toBe(original.origin_jti);
    }
  });

  it('refuses a token it never issued, a missing SECRET_HASH, and a token past its lifetime', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();
    const signedIn = await api.passwordAuth(email);
    const refreshToken = signedIn.AuthenticationResult?.RefreshToken as string;

    // act
    const garbage = await rejectionOf(refresh('not-a-refresh-token', username, false));
    const noHash = await rejectionOf(refresh(refreshToken, undefined, false));
    api.clock.advance(30 * 86_400_000 + 1000);
    const expired = await rejectionOf(refresh(refreshToken, username, true));

    // assert
    expect(errorOf(garbage)).toEqual({ name: 'NotAuthorizedException', message: 'Invalid Refresh Token', status: 400 });
    expect(errorOf(noHash)).toEqual({
      name: 'NotAuthorizedException',
      message: `Client ${api.cognito.clientId} is configured with secret but SECRET_HASH was not received`,
      status: 400,
    });
    expect(errorOf(expired)).toEqual({
      name: 'NotAuthorizedException',
      message: 'Refresh Token has expired',
      status: 400,
    });
  });
});
