import { createHmac, randomUUID } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
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
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCognitoForTest, type TestCognito } from '../testing/start-for-test.js';

let local: TestCognito;
let sdk: CognitoIdentityProviderClient;

beforeAll(async () => {
  local = await startCognitoForTest();
  sdk = new CognitoIdentityProviderClient({
    endpoint: local.cognito.url,
    region: local.cognito.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
});

afterAll(async () => {
  sdk?.destroy();
  await local?.cognito.close();
});

/** Awaits `promise` and returns what it rejected with (undefined if it resolved). */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

const freshEmail = () => `user-${randomUUID()}@example.com`;
const STRONG = 'Correct-Horse-9';

function secretHash(username: string): string {
  const { clientId, clientSecret } = local.cognito;
  return createHmac('sha256', clientSecret)
    .update(username + clientId)
    .digest('base64');
}

async function createConfirmedUser(email = freshEmail()) {
  const { userPoolId } = local.cognito;
  const created = await sdk.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: email,
      UserAttributes: [{ Name: 'name', Value: 'Ada Lovelace' }],
      MessageAction: 'SUPPRESS',
    }),
  );
  await sdk.send(
    new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: email, Password: STRONG, Permanent: true }),
  );
  return { email, username: created.User?.Username as string };
}

async function passwordAuth(email: string, password = STRONG) {
  return sdk.send(
    new InitiateAuthCommand({
      ClientId: local.cognito.clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: email, PASSWORD: password, SECRET_HASH: secretHash(email) },
    }),
  );
}

describe('Cognito Identity Provider API through the AWS SDK', () => {
  it('lists and describes the pool and its clients', async () => {
    // act
    const pools = await sdk.send(new ListUserPoolsCommand({ MaxResults: 10 }));
    const pool = await sdk.send(new DescribeUserPoolCommand({ UserPoolId: local.cognito.userPoolId }));
    const clients = await sdk.send(new ListUserPoolClientsCommand({ UserPoolId: local.cognito.userPoolId }));
    const app = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: local.cognito.userPoolId, ClientId: local.cognito.clientId }),
    );
    const m2m = await sdk.send(
      new DescribeUserPoolClientCommand({ UserPoolId: local.cognito.userPoolId, ClientId: local.cognito.m2mClientId }),
    );

    // assert
    expect(pools.UserPools?.map((p) => p.Id)).toEqual([local.cognito.userPoolId]);
    expect(local.cognito.userPoolId).toMatch(/^us-east-1_[A-Za-z0-9]{9}$/);
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
      [local.cognito.clientId, local.cognito.m2mClientId].sort(),
    );
    expect(local.cognito.clientId).toMatch(/^[a-z0-9]{26}$/);
    expect(app.UserPoolClient).toMatchObject({
      ClientSecret: local.cognito.clientSecret,
      CallbackURLs: ['http://localhost:3000/callback'],
      LogoutURLs: ['http://localhost:3000/'],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
    });
    expect(local.cognito.clientSecret).toMatch(/^[a-z0-9]{51}$/);
    expect(m2m.UserPoolClient).toMatchObject({
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['notes/read', 'notes/write'],
    });
  });

  it('creates a user with a generated temporary password and logs the invitation', async () => {
    // prepare
    const email = freshEmail();

    // act
    const created = await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }),
    );
    const fetched = await sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));

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
    const temporary = local.log.temporaryPasswordFor(email);
    expect(temporary).toMatch(/^(?=.*[a-z])(?=.*[A-Z])(?=.*\d)(?=.*[^A-Za-z0-9]).{8,}$/);
    const invitation = local.log.lines.find((line) => line.event === 'invitation' && line.to === email);
    expect(invitation?.msg).toBe(
      `Invitation email to ${email}: Your username is ${email} and temporary password is ${temporary}`,
    );
  });

  it('refuses a second user with the same email (UsernameExistsException)', async () => {
    // prepare
    const email = freshEmail();
    await sdk.send(
      new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email, MessageAction: 'SUPPRESS' }),
    );

    // act
    const again = await rejectionOf(
      sdk.send(new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email })),
    );

    // assert
    expect(again).toMatchObject({ name: 'UsernameExistsException', $metadata: { httpStatusCode: 400 } });
  });

  it('rejects a temporary or permanent password that breaks the policy (InvalidPasswordException)', async () => {
    // prepare
    const email = freshEmail();

    // act
    const weakTemporary = await rejectionOf(
      sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.cognito.userPoolId,
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
    const { email: other } = await createConfirmedUser();
    await expect(
      sdk.send(
        new AdminSetUserPasswordCommand({
          UserPoolId: local.cognito.userPoolId,
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
      sdk.send(new AdminGetUserCommand({ UserPoolId: 'us-east-1_Nope12345', Username: freshEmail() })),
    );
    const notAnEmail = await rejectionOf(
      sdk.send(new AdminCreateUserCommand({ UserPoolId: local.cognito.userPoolId, Username: 'not-an-email' })),
    );
    const unknownAttribute = await rejectionOf(
      sdk.send(
        new AdminCreateUserCommand({
          UserPoolId: local.cognito.userPoolId,
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
    const { email, username } = await createConfirmedUser();

    // act
    const listed = await sdk.send(
      new ListUsersCommand({ UserPoolId: local.cognito.userPoolId, Filter: `email = "${email}"` }),
    );
    await sdk.send(new AdminDeleteUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    const gone = await rejectionOf(
      sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: username })),
    );

    // assert
    expect(listed.Users?.map((user) => user.Username)).toEqual([username]);
    expect(listed.Users?.[0]?.UserStatus).toBe('CONFIRMED');
    expect(gone).toMatchObject({ name: 'UserNotFoundException', message: 'User does not exist.' });
  });

  it('puts users in groups, which tokens then carry as cognito:groups', async () => {
    // prepare
    const { email } = await createConfirmedUser();
    const group = `editors-${randomUUID().slice(0, 8)}`;
    await sdk.send(new CreateGroupCommand({ UserPoolId: local.cognito.userPoolId, GroupName: group }));

    // act
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: local.cognito.userPoolId, Username: email, GroupName: 'admin' }),
    );
    await sdk.send(
      new AdminAddUserToGroupCommand({ UserPoolId: local.cognito.userPoolId, Username: email, GroupName: group }),
    );
    const inBoth = await passwordAuth(email);
    await sdk.send(
      new AdminRemoveUserFromGroupCommand({ UserPoolId: local.cognito.userPoolId, Username: email, GroupName: group }),
    );
    const inAdmin = await passwordAuth(email);

    // assert
    expect(decodeJwt(inBoth.AuthenticationResult?.IdToken as string)['cognito:groups']).toEqual(['admin', group]);
    expect(decodeJwt(inAdmin.AuthenticationResult?.AccessToken as string)['cognito:groups']).toEqual(['admin']);
    await expect(
      sdk.send(new CreateGroupCommand({ UserPoolId: local.cognito.userPoolId, GroupName: group })),
    ).rejects.toMatchObject({ name: 'GroupExistsException' });
    await expect(
      sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: local.cognito.userPoolId, Username: email, GroupName: 'nope' }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('lists the resource servers, the groups, and a user’s groups by precedence', async () => {
    // prepare
    const { email } = await createConfirmedUser();
    const group = `readers-${randomUUID().slice(0, 8)}`;
    await sdk.send(new CreateGroupCommand({ UserPoolId: local.cognito.userPoolId, GroupName: group, Precedence: 5 }));
    for (const GroupName of [group, 'admin']) {
      await sdk.send(
        new AdminAddUserToGroupCommand({ UserPoolId: local.cognito.userPoolId, Username: email, GroupName }),
      );
    }

    // act
    const servers = await sdk.send(
      new ListResourceServersCommand({ UserPoolId: local.cognito.userPoolId, MaxResults: 10 }),
    );
    const groups = await sdk.send(new ListGroupsCommand({ UserPoolId: local.cognito.userPoolId }));
    const ofUser = await sdk.send(
      new AdminListGroupsForUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }),
    );

    // assert
    expect(servers.ResourceServers).toEqual([
      {
        UserPoolId: local.cognito.userPoolId,
        Identifier: 'notes',
        Name: 'Secure Notes API',
        Scopes: [
          { ScopeName: 'read', ScopeDescription: 'Read notes' },
          { ScopeName: 'write', ScopeDescription: 'Create, change and delete notes' },
        ],
      },
    ]);
    expect(groups.Groups?.map((g) => g.GroupName)).toEqual(expect.arrayContaining(['admin', group]));
    expect(ofUser.Groups?.map((g) => [g.GroupName, g.Precedence])).toEqual([
      ['admin', 0],
      [group, 5],
    ]);
    expect(ofUser.Groups?.[0]).toEqual({
      GroupName: 'admin',
      UserPoolId: local.cognito.userPoolId,
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
    const signedUp = await sdk.send(
      new SignUpCommand({
        ClientId: local.cognito.clientId,
        SecretHash: secretHash(email),
        Username: email,
        Password: STRONG,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'name', Value: 'Grace Hopper' },
        ],
      }),
    );
    const beforeConfirm = await rejectionOf(passwordAuth(email));
    const wrongCode = await rejectionOf(
      sdk.send(
        new ConfirmSignUpCommand({
          ClientId: local.cognito.clientId,
          SecretHash: secretHash(email),
          Username: email,
          ConfirmationCode: '000000x',
        }),
      ),
    );
    const code = local.log.verificationCodeFor(email) as string;
    await sdk.send(
      new ConfirmSignUpCommand({
        ClientId: local.cognito.clientId,
        SecretHash: secretHash(email),
        Username: email,
        ConfirmationCode: code,
      }),
    );
    const afterConfirm = await passwordAuth(email);

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
    await sdk.send(
      new SignUpCommand({
        ClientId: local.cognito.clientId,
        SecretHash: secretHash(email),
        Username: email,
        Password: STRONG,
        UserAttributes: [{ Name: 'name', Value: 'Grace Hopper' }],
      }),
    );
    const code = local.log.verificationCodeFor(email) as string;
    const wrong = code === '000000' ? '111111' : '000000';
    const confirm = (confirmationCode: string) =>
      sdk.send(
        new ConfirmSignUpCommand({
          ClientId: local.cognito.clientId,
          SecretHash: secretHash(email),
          Username: email,
          ConfirmationCode: confirmationCode,
        }),
      );

    // act
    const wrongTries: unknown[] = [];
    for (let attempt = 0; attempt < 5; attempt++) wrongTries.push(await rejectionOf(confirm(wrong)));
    const rightCodeAfterwards = await rejectionOf(confirm(code));
    const status = await sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    await sdk.send(
      new ResendConfirmationCodeCommand({
        ClientId: local.cognito.clientId,
        SecretHash: secretHash(email),
        Username: email,
      }),
    );
    const newCode = local.log.verificationCodeFor(email) as string;
    await confirm(newCode);
    const confirmed = await sdk.send(
      new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }),
    );

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
        result: rejectionOf(
          sdk.send(
            new SignUpCommand({
              ClientId: local.cognito.clientId,
              SecretHash: secretHash(email),
              Username: email,
              Password: STRONG,
              UserAttributes: [
                { Name: 'name', Value: 'Mallory' },
                { Name: 'phone_number', Value: '+15555550100' },
                { Name: flag, Value: 'true' },
              ],
            }),
          ),
        ),
      };
    };

    // act
    const phone = attempt('phone_number_verified');
    const email = attempt('email_verified');
    const refusals = await Promise.all([phone.result, email.result]);
    const created = await sdk.send(
      new ListUsersCommand({ UserPoolId: local.cognito.userPoolId, Filter: `email = "${phone.email}"` }),
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
    const email = freshEmail();
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.cognito.userPoolId,
        Username: email,
        TemporaryPassword: 'Temp-Pass-1',
        UserAttributes: [
          { Name: 'name', Value: 'Mallory' },
          { Name: 'phone_number', Value: '+15555550100' },
        ],
        MessageAction: 'SUPPRESS',
      }),
    );
    const challenge = await passwordAuth(email, 'Temp-Pass-1');
    const answer = (attributes: Record<string, string>) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: local.cognito.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session,
          ChallengeResponses: {
            USERNAME: email,
            NEW_PASSWORD: STRONG,
            SECRET_HASH: secretHash(email),
            ...attributes,
          },
        }),
      );

    // act
    const phone = await rejectionOf(answer({ 'userAttributes.phone_number_verified': 'true' }));
    const mail = await rejectionOf(answer({ 'userAttributes.email_verified': 'true' }));
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));

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
    const { email: taken } = await createConfirmedUser();
    const email = freshEmail();

    // act
    const noName = await rejectionOf(
      sdk.send(
        new SignUpCommand({
          ClientId: local.cognito.clientId,
          SecretHash: secretHash(email),
          Username: email,
          Password: STRONG,
        }),
      ),
    );
    const duplicate = await rejectionOf(
      sdk.send(
        new SignUpCommand({
          ClientId: local.cognito.clientId,
          SecretHash: secretHash(taken),
          Username: taken,
          Password: STRONG,
          UserAttributes: [{ Name: 'name', Value: 'Someone' }],
        }),
      ),
    );

    // assert
    expect(noName).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('name'),
    });
    expect(duplicate).toMatchObject({ name: 'UsernameExistsException' });
  });

  it('signs in with USER_PASSWORD_AUTH and refuses a wrong password, a missing or wrong SECRET_HASH', async () => {
    // prepare
    const { email, username } = await createConfirmedUser();

    // act
    const result = await passwordAuth(email);
    const wrongPassword = await rejectionOf(passwordAuth(email, 'Wrong-Password-1'));
    const unknownUser = await rejectionOf(passwordAuth(freshEmail()));
    const noHash = await rejectionOf(
      sdk.send(
        new InitiateAuthCommand({
          ClientId: local.cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: STRONG },
        }),
      ),
    );
    const badHash = await rejectionOf(
      sdk.send(
        new InitiateAuthCommand({
          ClientId: local.cognito.clientId,
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: email, PASSWORD: STRONG, SECRET_HASH: secretHash('someone-else') },
        }),
      ),
    );

    // assert
    expect(result.AuthenticationResult).toMatchObject({ ExpiresIn: 3600, TokenType: 'Bearer' });
    expect(decodeJwt(result.AuthenticationResult?.AccessToken as string)).toMatchObject({
      token_use: 'access',
      username,
      scope: 'aws.cognito.signin.user.admin',
      client_id: local.cognito.clientId,
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
    expect(local.log.text()).not.toContain(STRONG);
  });

  it('makes an invited user answer NEW_PASSWORD_REQUIRED before giving tokens', async () => {
    // prepare
    const email = freshEmail();
    await sdk.send(
      new AdminCreateUserCommand({
        UserPoolId: local.cognito.userPoolId,
        Username: email,
        TemporaryPassword: 'Temp-Pass-1',
      }),
    );

    // act
    const challenge = await passwordAuth(email, 'Temp-Pass-1');
    const answer = (password: string, session = challenge.Session) =>
      sdk.send(
        new RespondToAuthChallengeCommand({
          ClientId: local.cognito.clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: session,
          ChallengeResponses: {
            USERNAME: email,
            NEW_PASSWORD: password,
            SECRET_HASH: secretHash(email),
            'userAttributes.name': 'Katherine Johnson',
          },
        }),
      );
    const weak = await rejectionOf(answer('weakpass'));
    const badSession = await rejectionOf(answer(STRONG, 'not-a-session'));
    const done = await answer(STRONG);
    const user = await sdk.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));

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
    const { email, username } = await createConfirmedUser();
    const first = await passwordAuth(email);
    const refreshToken = first.AuthenticationResult?.RefreshToken as string;
    const refresh = () =>
      sdk.send(
        new InitiateAuthCommand({
          ClientId: local.cognito.clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken, SECRET_HASH: secretHash(username) },
        }),
      );

    // act
    const refreshed = await refresh();
    await sdk.send(new GlobalSignOutCommand({ AccessToken: refreshed.AuthenticationResult?.AccessToken }));
    const afterSignOut = await rejectionOf(refresh());
    const signOutAgain = await rejectionOf(
      sdk.send(new GlobalSignOutCommand({ AccessToken: first.AuthenticationResult?.AccessToken })),
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
    const unknown = await fetch(local.cognito.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.DeleteUserPool',
      },
      body: '{}',
    });
    const garbage = await fetch(local.cognito.url, {
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
