/**
 * The Identity Provider API through the AWS SDK: the pool and its clients described, users
 * created, listed and deleted, groups, sign-up and its codes, USER_PASSWORD_AUTH with the
 * NEW_PASSWORD_REQUIRED challenge, refreshing and GlobalSignOut, and what the service answers
 * to an unknown operation or a body that is not JSON.
 */
import { randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  CreateGroupCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListResourceServersCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import { notesResourceServer, rejectionOf, STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';

const api = useApiFixture();

function confirmSignUp(email: string, code: string) {
  return api.sdk.send(
    new ConfirmSignUpCommand({
      ClientId: api.cognito.clientId,
      SecretHash: api.hash(email),
      Username: email,
      ConfirmationCode: code,
    }),
  );
}

describe('Cognito Identity Provider API through the AWS SDK', () => {
  it('lists and describes the pool and its clients', async () => {
    // act
    const pools = await api.sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const pool = await api.sdk.send(new DescribeUserPoolCommand({ UserPoolId: api.cognito.userPoolId }));
    const clients = await api.sdk.send(new ListUserPoolClientsCommand({ UserPoolId: api.cognito.userPoolId }));
    const app = await api.sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: api.cognito.userPoolId, ClientId: api.cognito.clientId }),
    );
    const m2m = await api.sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: api.cognito.userPoolId, ClientId: api.cognito.m2mClientId }),
    );

    // assert
    expect(pools.UserPools?.map((p) => p.Id)).toEqual([api.cognito.userPoolId]);
    expect(api.cognito.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
    expect(pool.UserPool?.UsernameAttributes).toEqual(['email']);
    expect(pool.UserPool?.Policies?.PasswordPolicy).toMatchObject({
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
    expect(pool.UserPool?.CreationDate).toBeInstanceOf(Date);
    expect(clients.UserPoolClients?.map((c) => c.ClientId).sort()).toEqual(
      [api.cognito.clientId, api.cognito.m2mClientId].sort(),
    );
    expect(api.cognito.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(app.UserPoolClient).toMatchObject({
      ClientSecret: api.cognito.clientSecret,
      CallbackURLs: ['http://localhost:3000/callback'],
      LogoutURLs: ['http://localhost:3000/'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
    });
    expect(api.cognito.clientSecret).toMatch(/^[a-z0-9]{51}$/);
    expect(m2m.UserPoolClient).toMatchObject({
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['notes/read', 'notes/write'],
    });
  });

  it('creates a user with a generated temporary password and logs the invitation', async () => {
    // prepare
    const email = freshEmail();

    // act
    const created = await api.sdk.send(
      new AdminCreateUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }),
    );
    const fetched = await api.adminGetUser(email);

    // assert
    expect(created.User?.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(created.User?.Username).toMatch(/^[0-9a-f-]{36}$/);
    expect(fetched.Username).toBe(created.User?.Username);
    expect(fetched.UserAttributes).toEqual(
      expect.arrayContaining([
        { Name: 'email', Value: email },
        { Name: 'sub', Value: created.User?.Username },
      ]),
    );
    const temporary = api.log.temporaryPasswordFor(email);
    expect(temporary).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{8,}$/);
    const invitation = api.log.lines.find((line) => line.event === 'invitation' && line.to === email);
    expect(invitation?.msg).toBe(
      `Invitation email to ${email}: Your username is ${email} and temporary password is ${temporary}`,
    );
  });

  it('refuses a second user with the same email (UsernameExistsException)', async () => {
    // prepare
    const email = await api.invitedUser();

    // act
    const again = await rejectionOf(
      api.sdk.send(new AdminCreateUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email })),
    );

    // assert
    expect(again).toMatchObject({ name: 'UsernameExistsException', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects a temporary or permanent password that breaks the policy (InvalidPasswordException)', async () => {
    // prepare
    const email = freshEmail();

    // act
    const weakTemporary = await rejectionOf(
      api.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: api.cognito.userPoolId,
          Username: email,
          TemporaryPassword: 'short',
        }),
      ),
    );

    // assert
    expect(weakTemporary).toMatchObject({
      name: 'InvalidPasswordException',
      message: 'Password did not conform with policy: Password not long enough',
    });
    const { email: other } = await api.confirmedUser();
    await expect(
      api.sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: api.cognito.userPoolId,
          Username: other,
          Password: 'alllowercase1!',
          Permanent: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidPasswordException', message: expect.stringContaining('uppercase') });
  });

  it('answers requests for another pool with ResourceNotFoundException and bad input with InvalidParameterException', async () => {
    // act
    const otherPool = await rejectionOf(
      api.sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Nope12345', Username: freshEmail() })),
    );
    const notAnEmail = await rejectionOf(
      api.sdk.send(new AdminCreateUserCommand({ UserPoolId: api.cognito.userPoolId, Username: 'not-an-email' })),
    );
    const unknownAttribute = await rejectionOf(
      api.sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: api.cognito.userPoolId,
          Username: freshEmail(),
          UserAttributes: [{ Name: 'favourite_colour', Value: 'blue' }],
        }),
      ),
    );

    // assert
    expect(otherPool).toMatchObject({ name: 'ResourceNotFoundException' });
    expect(notAnEmail).toMatchObject({ name: 'InvalidParameterException' });
    expect(unknownAttribute).toMatchObject({ name: 'InvalidParameterException' });
  });

  it('gets, lists with a filter and deletes users (UserNotFoundException afterwards)', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();

    // act
    const listed = await api.sdk.send(
      new ListUsersCommand({ UserPoolId: api.cognito.userPoolId, Filter: `email = "${email}"` }),
    );
    await api.sdk.send(new AdminDeleteUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));
    const gone = await rejectionOf(api.adminGetUser(username));

    // assert
    expect(listed.Users?.map((user) => user.Username)).toEqual([username]);
    expect(listed.Users?.[0]?.UserStatus).toBe('CONFIRMED');
    expect(gone).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('puts users in groups, which tokens then carry as cognito:groups', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const group = `editors-${randomUUID().slice(0, 8)}`;
    await api.sdk.send(new CreateGroupCommand({ UserPoolId: api.cognito.userPoolId, GroupName: group }));

    // act
    await api.sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: api.cognito.userPoolId, Username: email, GroupName: 'admin' }),
    );
    await api.sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: api.cognito.userPoolId, Username: email, GroupName: group }),
    );
    const inBoth = await api.passwordAuth(email);
    await api.sdk.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: api.cognito.userPoolId, Username: email, GroupName: group }),
    );
    const inAdmin = await api.passwordAuth(email);

    // assert
    expect(decodeJwt(inBoth.AuthenticationResult?.IdToken as string)['cognito:groups']).toEqual(['admin', group]);
    expect(decodeJwt(inAdmin.AuthenticationResult?.AccessToken as string)['cognito:groups']).toEqual(['admin']);
    await expect(
      api.sdk.send(new CreateGroupCommand({ UserPoolId: api.cognito.userPoolId, GroupName: group })),
    ).rejects.toMatchObject({ name: 'GroupExistsException' });
    await expect(
      api.sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: api.cognito.userPoolId, Username: email, GroupName: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('lists the resource servers, the groups, and a user’s groups by precedence', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const group = `readers-${randomUUID().slice(0, 8)}`;
    await api.sdk.send(new CreateGroupCommand({ UserPoolId: api.cognito.userPoolId, GroupName: group, Precedence: 5 }));
    for (const GroupName of [group, 'admin']) {
      await api.sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: api.cognito.userPoolId, Username: email, GroupName }),
      );
    }

    // act
    const servers = await api.sdk.send(
      new ListResourceServersCommand({ UserPoolId: api.cognito.userPoolId, MaxResults: 10 }),
    );
    const groups = await api.sdk.send(new ListGroupsCommand({ UserPoolId: api.cognito.userPoolId }));
    const ofUser = await api.sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }),
    );

    // assert
    expect(servers.ResourceServers).toEqual([notesResourceServer(api.cognito.userPoolId)]);
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(expect.arrayContaining(['admin', group]));
    expect(ofUser.Groups?.map((g) => [g.GroupName, g.Precedence])).toEqual([
      ['admin', 0],
      [group, 5],
    ]);
    expect(ofUser.Groups?.[0]).toEqual({
      GroupName: 'admin',
      UserPoolId: api.cognito.userPoolId,
      Description: 'Administrators',
      Precedence: 0,
      CreationDate: expect.any(Date),
      LastModifiedDate: expect.any(Date),
    });
  });

  it('signs a user up, writes the code only to the log, and confirms with it', async () => {
    // prepare
    const email = freshEmail();

    // act
    const signedUp = await api.signUp(email, { email, name: 'Grace Hopper' });
    const beforeConfirm = await rejectionOf(api.passwordAuth(email));
    const wrongCode = await rejectionOf(confirmSignUp(email, '000000x'));
    const code = api.log.verificationCodeFor(email) as string;
    await confirmSignUp(email, code);
    const afterConfirm = await api.passwordAuth(email);

    // assert
    expect(signedUp).toMatchObject({
      UserConfirmed: false,
      CodeDeliveryDetails: { DeliveryMedium: 'EMAIL', AttributeName: 'email' },
    });
    expect(code).toMatch(/^\d{6}$/);
    expect(beforeConfirm).toMatchObject({ name: 'UserNotConfirmedException' });
    expect(wrongCode).toMatchObject({ name: 'CodeMismatchException' });
    expect(decodeJwt(afterConfirm.AuthenticationResult?.IdToken as string)).toMatchObject({
      email,
      email_verified: true,
      name: 'Grace Hopper',
      sub: signedUp.UserSub,
    });
  });

  it('makes a sign-up code useless after five wrong tries (LimitExceededException) until a new one is sent', async () => {
    // prepare
    const email = freshEmail();
    await api.signUp(email, { name: 'Grace Hopper' });
    const code = api.log.verificationCodeFor(email) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    const confirm = (confirmationCode: string) => confirmSignUp(email, confirmationCode);

    // act
    const wrongTries: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++) wrongTries.push(await rejectionOf(confirm(wrong)));
    const rightCodeAfterwards = await rejectionOf(confirm(code));
    const status = await api.adminGetUser(email);
    await api.sdk.send(
      new ResendConfirmationCodeCommand({
        ClientId: api.cognito.clientId,
        SecretHash: api.hash(email),
        Username: email,
      }),
    );
    const newCode = api.log.verificationCodeFor(email) as string;
    await confirm(newCode);
    const confirmed = await api.adminGetUser(email);

    // assert
    expect(wrongTries.slice(0, 4)).toEqual(
      Array.from({ length: 4 }, () => expect.objectContaining({ name: 'CodeMismatchException' })),
    );
    const limit = { name: 'LimitExceededException', message: 'Attempt limit exceeded, please try after some time.' };
    expect(wrongTries[4]).toMatchObject(limit);
    expect(rightCodeAfterwards).toMatchObject(limit);
    expect(status.UserStatus).toBe('UNCONFIRMED');
    expect(confirmed.UserStatus).toBe('CONFIRMED');
  });

  it('refuses email_verified and phone_number_verified from the client at sign-up (NotAuthorizedException)', async () => {
    // prepare
    const attempt = (flag: string) => {
      const email = freshEmail();
      return {
        email,
        result: rejectionOf(api.signUp(email, { name: 'Mallory', phone_number: '+15555550100', [flag]: 'true' })),
      };
    };

    // act
    const phone = attempt('phone_number_verified');
    const email = attempt('email_verified');
    const refusals = await Promise.all([phone.result, email.result]);
    const created = await api.sdk.send(
      new ListUsersCommand({ UserPoolId: api.cognito.userPoolId, Filter: `email = "${phone.email}"` }),
    );

    // assert
    for (const refusal of refusals) {
      expect(refusal).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'A client attempted to write unauthorized attribute',
      });
    }
    expect(created.Users).toEqual([]);
  });

  it('refuses email_verified and phone_number_verified in a NEW_PASSWORD_REQUIRED answer (NotAuthorizedException)', async () => {
    // prepare
    const email = await api.invitedUser({
      temporaryPassword: 'Temp-Pass-1',
      attributes: { name: 'Mallory', phone_number: '+15555550100' },
    });
    const challenge = await api.passwordAuth(email, 'Temp-Pass-1');
    const answer = (attributes: Record<string, string>) =>
      api.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: api.cognito.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: {
            USERNAME: email,
            NEW_PASSWORD: STRONG_PASSWORD,
            SECRET_HASH: api.hash(email),
            ...attributes,
          },
        }),
      );

    // act
    const phone = await rejectionOf(answer({ 'userAttributes.phone_number_verified': 'true' }));
    const mail = await rejectionOf(answer({ 'userAttributes.email_verified': 'true' }));
    const user = await api.adminGetUser(email);

    // assert
    for (const refusal of [phone, mail]) {
      expect(refusal).toMatchObject({
        name: 'NotAuthorizedException',
        message: 'A client attempted to write unauthorized attribute',
      });
    }
    expect(user.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    const names = user.UserAttributes?.map((attribute) => attribute.Name);
    expect(names).not.toContain('phone_number_verified');
    expect(names).not.toContain('email_verified');
  });

  it('refuses sign-up without a required attribute, or a taken email', async () => {
    // prepare
    const { email: taken } = await api.confirmedUser();
    const email = freshEmail();

    // act
    const noName = await rejectionOf(api.signUp(email));
    const duplicate = await rejectionOf(api.signUp(taken, { name: 'Someone' }));

    // assert
    expect(noName).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('name'),
    });
    expect(duplicate).toMatchObject({ name: 'UsernameExistsException' });
  });

  it('signs in with USER_PASSWORD_AUTH and refuses a wrong password, a missing or wrong SECRET_HASH', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();

    // act
    const result = await api.passwordAuth(email);
    const wrongPassword = await rejectionOf(api.passwordAuth(email, 'Wrong-Password-1'));
    const unknownUser = await rejectionOf(api.passwordAuth(freshEmail()));
    const noHash = await rejectionOf(
      api.sdk.send(
        new InitiateAuthCommand({
          ClientId: api.cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD },
        }),
      ),
    );
    const badHash = await rejectionOf(
      api.sdk.send(
        new InitiateAuthCommand({
          ClientId: api.cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD, SECRET_HASH: api.hash('someone-else') },
        }),
      ),
    );

    // assert
    expect(result.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(decodeJwt(result.AuthenticationResult?.AccessToken as string)).toMatchObject({
      token_use: 'access',
      username,
      scope: 'aws.cognito.signin.user.admin',
      client_id: api.cognito.clientId,
    });
    expect(wrongPassword).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(unknownUser).toMatchObject({
      name: 'NotAuthorizedException',
      message: 'Incorrect username or password.',
    });
    expect(noHash).toMatchObject({
      name: 'NotAuthorizedException',
      message: expect.stringContaining('SECRET_HASH'),
    });
    expect(badHash).toMatchObject({ name: 'NotAuthorizedException' });
    expect(api.log.text()).not.toContain(STRONG_PASSWORD);
  });

  it('makes an invited user answer NEW_PASSWORD_REQUIRED before giving tokens', async () => {
    // prepare
    const email = freshEmail();
    await api.sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: api.cognito.userPoolId,
        Username: email,
        TemporaryPassword: 'Temp-Pass-1',
      }),
    );

    // act
    const challenge = await api.passwordAuth(email, 'Temp-Pass-1');
    const answer = (password: string, session = challenge.Session) =>
      api.sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: api.cognito.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: {
            USERNAME: email,
            NEW_PASSWORD: password,
            SECRET_HASH: api.hash(email),
            'userAttributes.name': 'Katherine Johnson',
          },
        }),
      );
    const weak = await rejectionOf(answer('weakpass'));
    const badSession = await rejectionOf(answer(STRONG_PASSWORD, 'not-a-session'));
    const done = await answer(STRONG_PASSWORD);
    const user = await api.adminGetUser(email);

    // assert
    expect(challenge.ChallengeName).toBe('NEW_PASSWORD_REQUIRED');
    expect(JSON.parse(challenge.ChallengeParameters?.requiredAttributes ?? '')).toEqual(['userAttributes.name']);
    expect(weak).toMatchObject({ name: 'InvalidPasswordException' });
    expect(badSession).toMatchObject({ name: 'NotAuthorizedException' });
    expect(decodeJwt(done.AuthenticationResult?.IdToken as string)).toMatchObject({ email, name: 'Katherine Johnson' });
    expect(user.UserStatus).toBe('CONFIRMED');
  });

  it('refreshes with REFRESH_TOKEN_AUTH, and GlobalSignOut ends every session of the user', async () => {
    // prepare
    const { email, username } = await api.confirmedUser();
    const first = await api.passwordAuth(email);
    const refreshToken = first.AuthenticationResult?.RefreshToken as string;
    const refresh = () =>
      api.sdk.send(
        new InitiateAuthCommand({
          ClientId: api.cognito.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: api.hash(username) },
        }),
      );

    // act
    const refreshed = await refresh();
    await api.sdk.send(new GlobalSignOutCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }));
    const afterSignOut = await rejectionOf(refresh());
    const signOutAgain = await rejectionOf(
      api.sdk.send(new GlobalSignOutCommand({ AccessToken: first.AuthenticationResult?.AccessToken })),
    );

    // assert
    expect(refreshed.AuthenticationResult?.RefreshToken).toBeUndefined();
    const before = decodeJwt(first.AuthenticationResult?.IdToken as string);
    const after = decodeJwt(refreshed.AuthenticationResult?.IdToken as string);
    expect(after.auth_time).toBe(before.auth_time);
    expect(after.origin_jti).toBe(before.origin_jti);
    expect(after.jti).not.toBe(before.jti);
    expect(afterSignOut).toMatchObject({ name: 'NotAuthorizedException' });
    expect(signOutAgain).toMatchObject({ name: 'NotAuthorizedException' });
  });

  it('answers an unknown operation and a non-JSON body as the service would', async () => {
    // act
    const unknown = await fetch(api.cognito.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.DeleteUserPool',
      },
      body: '{}',
    });
    const garbage = await fetch(api.cognito.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.ListUserPools',
      },
      body: '{not json',
    });

    // assert
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ __type: 'SerializationException' });
  });
});
