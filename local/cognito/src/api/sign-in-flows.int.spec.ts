/**
 * AdminInitiateAuth, AdminRespondToAuthChallenge and REFRESH_TOKEN_AUTH through the AWS SDK:
 * every field of the answers and each error the API reference lists that can happen here.
 */
import {
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminRespondToAuthChallengeCommand,
  type ExplicitAuthFlowsType,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import { badRequest, errorOf, fieldsOf, rejectionOf, STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';

const api = useApiFixture();

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

function invitedUser(name?: string): Promise<string> {
  return api.invitedUser({ temporaryPassword: TEMPORARY, ...(name !== undefined ? { attributes: { name } } : {}) });
}

/** A client of the pool without a secret, allowing `flow` and refreshing; its id. */
async function clientAllowing(ClientName: string, flow: ExplicitAuthFlowsType): Promise<string> {
  const created = await api.createClient({ ClientName, ExplicitAuthFlows: [flow, 'ALLOW_REFRESH_TOKEN_AUTH'] });
  return created.UserPoolClient?.ClientId as string;
}

/** The tokens of a successful sign-in, every field of AuthenticationResult. */
const ALL_TOKENS = {
  ChallengeParameters: {},
  AuthenticationResult: {
    AccessToken: expect.any(String),
    ExpiresIn: 3600,
    TokenType: 'Bearer',
    RefreshToken: expect.any(String),
    IdToken: expect.any(String),
  },
};

const INCORRECT = badRequest('NotAuthorizedException', 'Incorrect username or password.');

describe('AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH', () => {
  it('answers ID, access and refresh tokens with the fields of AuthenticationResult', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();

    // act
    const output = await api.adminPasswordAuth(email);

    // assert
    expect(fieldsOf(output)).toEqual(ALL_TOKENS);
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
    expect(errorOf(wrong)).toEqual(INCORRECT);
    expect(errorOf(unknown)).toEqual(INCORRECT);
  });

  it('tells an unknown user apart (UserNotFoundException) for a client with PreventUserExistenceErrors LEGACY', async () => {
    // prepare
    const legacy = await clientAllowing('legacy-admin', 'ALLOW_ADMIN_USER_PASSWORD_AUTH');

    // act
    const unknown = await rejectionOf(
      adminAuth({ USERNAME: freshEmail(), PASSWORD: STRONG_PASSWORD }, { ClientId: legacy }),
    );

    // assert
    expect(errorOf(unknown)).toEqual(badRequest('UserNotFoundException', 'User does not exist.'));
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
    expect(errorOf(missing)).toEqual(
      badRequest(
        'NotAuthorizedException',
        `Client ${api.cognito.clientId} is configured with secret but SECRET_HASH was not received`,
      ),
    );
    expect(errorOf(wrong)).toEqual(
      badRequest('NotAuthorizedException', `Unable to verify secret hash for client ${api.cognito.clientId}`),
    );
  });

  it('refuses a flow the client does not allow, and USER_PASSWORD_AUTH, which belongs to InitiateAuth', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const noAdminFlow = await clientAllowing('no-admin-flow', 'ALLOW_USER_PASSWORD_AUTH');

    // act
    const notAllowed = await rejectionOf(
      adminAuth({ USERNAME: email, PASSWORD: STRONG_PASSWORD }, { ClientId: noAdminFlow }),
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
    expect(errorOf(notAllowed)).toEqual(
      badRequest('InvalidParameterException', 'Auth flow not enabled for this client'),
    );
    const notSupported = badRequest('InvalidParameterException', 'Initiate Auth method not supported.');
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
    expect(errorOf(otherPool)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.'),
    );
    expect(errorOf(unknownClient)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool client nosuchclient0000000000000a does not exist.'),
    );
    expect(errorOf(noPassword)).toEqual(badRequest('InvalidParameterException', 'Missing required parameter PASSWORD'));
    expect(errorOf(noPool)).toEqual(
      badRequest(
        'InvalidParameterException',
        "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
      ),
    );
  });

  it('refuses an unconfirmed user (UserNotConfirmedException) and a user whose password was reset (PasswordResetRequiredException)', async () => {
    // prepare
    const unconfirmed = freshEmail();
    await api.signUp(unconfirmed, { name: 'Not Yet' });
    const { email: reset } = await api.confirmedUser();
    await api.sdk.send(new AdminResetUserPasswordCommand({ UserPoolId: api.cognito.userPoolId, Username: reset }));

    // act
    const notConfirmed = await rejectionOf(api.adminPasswordAuth(unconfirmed));
    const resetRequired = await rejectionOf(api.adminPasswordAuth(reset));

    // assert
    expect(errorOf(notConfirmed)).toEqual(badRequest('UserNotConfirmedException', 'User is not confirmed.'));
    expect(errorOf(resetRequired)).toEqual(
      badRequest('PasswordResetRequiredException', 'Password reset required for the user'),
    );
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
    expect(fieldsOf(done)).toEqual(ALL_TOKENS);
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
    expect(errorOf(weak)).toEqual(
      badRequest(
        'InvalidPasswordException',
        'Password did not conform with policy: Password must have uppercase characters',
      ),
    );
    expect(errorOf(noName)).toEqual(
      badRequest('InvalidParameterException', 'Invalid attributes given, name is missing'),
    );
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
    const invalidSession = badRequest('NotAuthorizedException', 'Invalid session for the user, session is expired.');
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
    expect(errorOf(unknown)).toEqual(badRequest('InvalidParameterException', 'Unsupported challenge SMS_MFA.'));
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
    expect(errorOf(garbage)).toEqual(badRequest('NotAuthorizedException', 'Invalid Refresh Token'));
    expect(errorOf(noHash)).toEqual(
      badRequest(
        'NotAuthorizedException',
        `Client ${api.cognito.clientId} is configured with secret but SECRET_HASH was not received`,
      ),
    );
    expect(errorOf(expired)).toEqual(badRequest('NotAuthorizedException', 'Refresh Token has expired'));
  });
});
