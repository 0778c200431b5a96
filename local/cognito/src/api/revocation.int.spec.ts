/**
 * What ends a user's sessions, through the AWS SDK: RevokeToken, GlobalSignOut,
 * AdminUserGlobalSignOut, AdminDisableUser (and AdminEnableUser) and DeleteUser. As on AWS,
 * refresh tokens stop working and the pool's own endpoints (GetUser, userInfo) refuse the
 * revoked access tokens, while the ID and access JWTs stay cryptographically valid until they
 * expire: that gap is what an API that only checks signatures sees.
 */
import {
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminUserGlobalSignOutCommand,
  DeleteUserCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  RevokeTokenCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokenRequest } from '../testing/admin.js';
import { badRequest, errorOf, fieldsOf, rejectionOf, STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';
import { signInWithHttp } from '../testing/http-sign-in.js';

const api = useApiFixture();

const REFRESH_REVOKED = badRequest('NotAuthorizedException', 'Refresh Token has been revoked');
const ACCESS_REVOKED = badRequest('NotAuthorizedException', 'Access Token has been revoked');
const USER_NOT_FOUND = badRequest('UserNotFoundException', 'User does not exist.');

interface Session {
  email: string;
  username: string;
  accessToken: string;
  idToken: string;
  refreshToken: string;
}

async function signedInUser(): Promise<Session> {
  const { email, username } = await api.confirmedUser();
  const { AuthenticationResult: tokens } = await api.passwordAuth(email);
  return {
    email,
    username,
    accessToken: tokens?.AccessToken as string,
    idToken: tokens?.IdToken as string,
    refreshToken: tokens?.RefreshToken as string,
  };
}

function refresh(session: Session) {
  return api.sdk.send(
    new InitiateAuthCommand({
      ClientId: api.cognito.clientId,
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      AuthParameters: { REFRESH_TOKEN: session.refreshToken, SECRET_HASH: api.hash(session.username) },
    }),
  );
}

function getUser(accessToken: string) {
  return api.sdk.send(new GetUserCommand({ AccessToken: accessToken }));
}

function revoke(
  token: string,
  client: { ClientId: string; ClientSecret?: string } = {
    ClientId: api.cognito.clientId,
    ClientSecret: api.cognito.clientSecret,
  },
) {
  return api.sdk.send(new RevokeTokenCommand({ Token: token, ...client }));
}

async function userInfoStatus(accessToken: string): Promise<number> {
  const response = await fetch(`${api.cognito.url}/oauth2/userInfo`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  await response.body?.cancel();
  return response.status;
}

/** Whether a JWT still verifies with the pool's JWKS, as an API that checks signatures only would. */
async function stillVerifies(token: string): Promise<boolean> {
  const jwks = createRemoteJWKSet(new URL(api.cognito.jwksUri));
  return jwtVerify(token, jwks, { issuer: api.cognito.issuer, currentDate: new Date(api.clock.now()) }).then(
    () => true,
    () => false,
  );
}

describe('RevokeToken', () => {
  it('ends a refresh token and the access tokens issued with it, while the JWTs still verify', async () => {
    // prepare
    const session = await signedInUser();

    // act
    const output = await revoke(session.refreshToken);
    const refreshAfter = await rejectionOf(refresh(session));
    const getUserAfter = await rejectionOf(getUser(session.accessToken));

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(errorOf(refreshAfter)).toEqual(REFRESH_REVOKED);
    expect(errorOf(getUserAfter)).toEqual(ACCESS_REVOKED);
    expect(await userInfoStatus(session.accessToken)).toBe(401);
    expect(await stillVerifies(session.idToken)).toBe(true);
    expect(await stillVerifies(session.accessToken)).toBe(true);
  });

  it('answers success for a token it does not know, as the revocation endpoint does', async () => {
    // act
    const output = await revoke('bm90LWEtcmVmcmVzaC10b2tlbg');

    // assert
    expect(fieldsOf(output)).toEqual({});
  });

  it('refuses an ID or access token (UnsupportedTokenTypeException)', async () => {
    // prepare
    const session = await signedInUser();

    // act
    const access = await rejectionOf(revoke(session.accessToken));

    // assert
    expect(errorOf(access)).toEqual(badRequest('UnsupportedTokenTypeException', 'Only refresh tokens can be revoked.'));
    expect(fieldsOf(await refresh(session)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses a missing or wrong client secret, an unknown client and another client’s token (UnauthorizedException)', async () => {
    // prepare
    const session = await signedInUser();
    const other = await api.createClient({ ClientName: 'other-revoker', GenerateSecret: true });
    const otherClient = {
      ClientId: other.UserPoolClient?.ClientId as string,
      ClientSecret: other.UserPoolClient?.ClientSecret as string,
    };

    // act
    const noSecret = await rejectionOf(revoke(session.refreshToken, { ClientId: api.cognito.clientId }));
    const wrongSecret = await rejectionOf(
      revoke(session.refreshToken, { ClientId: api.cognito.clientId, ClientSecret: 'x'.repeat(51) }),
    );
    const unknownClient = await rejectionOf(revoke(session.refreshToken, { ClientId: 'nosuchclient0000000000000a' }));
    const foreign = await rejectionOf(revoke(session.refreshToken, otherClient));

    // assert
    const unauthorized = badRequest('UnauthorizedException', 'Invalid client id or client secret.');
    expect(errorOf(noSecret)).toEqual(unauthorized);
    expect(errorOf(wrongSecret)).toEqual(unauthorized);
    expect(errorOf(unknownClient)).toEqual(unauthorized);
    expect(errorOf(foreign)).toEqual(
      badRequest('UnauthorizedException', 'The token was not issued to this app client.'),
    );
    expect(fieldsOf(await refresh(session)).AuthenticationResult?.AccessToken).toEqual(expect.any(String));
  });

  it('refuses revocation for a client with EnableTokenRevocation off (UnsupportedOperationException)', async () => {
    // prepare
    const created = await api.createClient({
      ClientName: 'no-revocation',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const clientId = created.UserPoolClient?.ClientId as string;
    const { email } = await api.confirmedUser();
    const tokens = await api.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD },
      }),
    );
    await api.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientId: clientId,
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        EnableTokenRevocation: false,
      }),
    );

    // act
    const refused = await rejectionOf(
      revoke(tokens.AuthenticationResult?.RefreshToken as string, { ClientId: clientId }),
    );

    // assert
    expect(errorOf(refused)).toEqual(
      badRequest('UnsupportedOperationException', 'Token revocation is not enabled for this app client.'),
    );
  });
});

describe('GlobalSignOut and AdminUserGlobalSignOut', () => {
  it('end every session of the user: refresh tokens and access tokens alike', async () => {
    // prepare
    const first = await signedInUser();
    const { AuthenticationResult: second } = await api.passwordAuth(first.email);
    const other = await signedInUser();

    // act
    const output = await api.sdk.send(new GlobalSignOutCommand({ AccessToken: first.accessToken }));
    const firstRefresh = await rejectionOf(refresh(first));
    const secondAccess = await rejectionOf(getUser(second?.AccessToken as string));
    const admin = await api.sdk.send(
      new AdminUserGlobalSignOutCommand({ UserPoolId: api.cognito.userPoolId, Username: other.email }),
    );
    const otherRefresh = await rejectionOf(refresh(other));

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(fieldsOf(admin)).toEqual({});
    expect(errorOf(firstRefresh)).toEqual(REFRESH_REVOKED);
    expect(errorOf(secondAccess)).toEqual(ACCESS_REVOKED);
    expect(errorOf(otherRefresh)).toEqual(REFRESH_REVOKED);
    expect(await stillVerifies(first.idToken)).toBe(true);
  });

  it('refuses a token that is not this pool’s, one that expired, and one without the aws.cognito.signin.user.admin scope', async () => {
    // prepare
    const session = await signedInUser();
    const managedLogin = await signInWithHttp({
      url: api.cognito.url,
      clientId: api.cognito.clientId,
      redirectUri: 'http://localhost:3000/callback',
      username: session.email,
      password: STRONG_PASSWORD,
      scope: 'openid email',
    });
    const exchanged = await tokenRequest(
      api.cognito,
      {
        grant_type: 'authorization_code',
        code: managedLogin.code as string,
        redirect_uri: 'http://localhost:3000/callback',
      },
      { basic: { id: api.cognito.clientId, secret: api.cognito.clientSecret } },
    );
    const openidOnly = exchanged.body.access_token as string;

    // act
    const garbage = await rejectionOf(api.sdk.send(new GlobalSignOutCommand({ AccessToken: 'not.a.token' })));
    const noScope = await rejectionOf(api.sdk.send(new GlobalSignOutCommand({ AccessToken: openidOnly })));
    api.clock.advance(3600_000 + 1000);
    const expired = await rejectionOf(api.sdk.send(new GlobalSignOutCommand({ AccessToken: session.accessToken })));

    // assert
    expect(errorOf(garbage)).toEqual(badRequest('NotAuthorizedException', 'Invalid Access Token'));
    expect(errorOf(noScope)).toEqual(
      badRequest('NotAuthorizedException', 'Access Token does not have required scopes'),
    );
    expect(errorOf(expired)).toEqual(badRequest('NotAuthorizedException', 'Access Token has expired'));
  });

  it('answers UserNotFoundException for AdminUserGlobalSignOut of an unknown user', async () => {
    // act
    const unknown = await rejectionOf(
      api.sdk.send(
        new AdminUserGlobalSignOutCommand({ UserPoolId: api.cognito.userPoolId, Username: 'nobody@example.com' }),
      ),
    );

    // assert
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
  });
});

describe('AdminDisableUser and AdminEnableUser', () => {
  it('stop the user signing in anywhere and end their refresh tokens; enabling lets them sign in again', async () => {
    // prepare
    const session = await signedInUser();
    const disable = () =>
      api.sdk.send(new AdminDisableUserCommand({ UserPoolId: api.cognito.userPoolId, Username: session.email }));

    // act
    const disabled = await disable();
    const passwordSignIn = await rejectionOf(api.passwordAuth(session.email));
    const adminSignIn = await rejectionOf(api.adminPasswordAuth(session.email));
    const refreshed = await rejectionOf(refresh(session));
    const getUserAfter = await rejectionOf(getUser(session.accessToken));
    const managedLogin = await rejectionOf(
      signInWithHttp({
        url: api.cognito.url,
        clientId: api.cognito.clientId,
        redirectUri: 'http://localhost:3000/callback',
        username: session.email,
        password: STRONG_PASSWORD,
      }),
    );
    const whileDisabled = await api.adminGetUser(session.email);
    const enabled = await api.sdk.send(
      new AdminEnableUserCommand({ UserPoolId: api.cognito.userPoolId, Username: session.email }),
    );
    const signInAgain = await api.passwordAuth(session.email);
    const oldRefresh = await rejectionOf(refresh(session));

    // assert
    expect(fieldsOf(disabled)).toEqual({});
    expect(fieldsOf(enabled)).toEqual({});
    const userDisabled = badRequest('NotAuthorizedException', 'User is disabled.');
    expect(errorOf(passwordSignIn)).toEqual(userDisabled);
    expect(errorOf(adminSignIn)).toEqual(userDisabled);
    expect(errorOf(refreshed)).toEqual(userDisabled);
    expect(errorOf(getUserAfter)).toEqual(ACCESS_REVOKED);
    expect(String(managedLogin)).toContain('answered 400');
    expect(whileDisabled.Enabled).toBe(false);
    expect(await stillVerifies(session.idToken)).toBe(true);
    expect(signInAgain.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(errorOf(oldRefresh)).toEqual(REFRESH_REVOKED);
  });

  it('answers UserNotFoundException for an unknown user and ResourceNotFoundException for another pool', async () => {
    // act
    const unknown = await rejectionOf(
      api.sdk.send(new AdminDisableUserCommand({ UserPoolId: api.cognito.userPoolId, Username: 'nobody@example.com' })),
    );
    const otherPool = await rejectionOf(
      api.sdk.send(new AdminEnableUserCommand({ UserPoolId: 'us-east-1_Nope12345', Username: 'nobody@example.com' })),
    );

    // assert
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
    expect(errorOf(otherPool)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.'),
    );
  });
});

describe('DeleteUser', () => {
  it('deletes the caller’s own account and every token of theirs', async () => {
    // prepare
    const session = await signedInUser();

    // act
    const output = await api.sdk.send(new DeleteUserCommand({ AccessToken: session.accessToken }));
    const gone = await rejectionOf(api.adminGetUser(session.email));
    const again = await rejectionOf(api.sdk.send(new DeleteUserCommand({ AccessToken: session.accessToken })));
    const refreshed = await rejectionOf(refresh(session));

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(errorOf(gone)).toEqual(USER_NOT_FOUND);
    expect(errorOf(again)).toEqual(ACCESS_REVOKED);
    expect(errorOf(refreshed)).toEqual(REFRESH_REVOKED);
  });
});
