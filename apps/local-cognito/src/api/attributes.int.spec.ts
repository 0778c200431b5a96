/**
 * User attributes through the AWS SDK: AdminUpdateUserAttributes, UpdateUserAttributes with
 * VerifyUserAttribute, AdminDeleteUserAttributes and DeleteUserAttributes, and
 * AdminConfirmSignUp.
 */
import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserAttributesCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  DeleteUserAttributesCommand,
  GetUserCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
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

async function attributesOf(email: string): Promise<Record<string, string | undefined>> {
  const user = await api.sdk.send(new AdminGetUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));
  return Object.fromEntries((user.UserAttributes ?? []).map((attribute) => [attribute.Name, attribute.Value]));
}

function adminUpdate(email: string, attributes: Record<string, string>) {
  return api.sdk.send(
    new AdminUpdateUserAttributesCommand({
      UserPoolId: api.cognito.userPoolId,
      Username: email,
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
}

async function accessTokenOf(email: string, password = STRONG_PASSWORD): Promise<string> {
  return (await api.passwordAuth(email, password)).AuthenticationResult?.AccessToken as string;
}

describe('AdminUpdateUserAttributes', () => {
  it('changes attributes, verified flags included, and the next tokens carry them', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const newEmail = freshEmail();

    // act
    const output = await adminUpdate(email, {
      name: 'Grace Hopper',
      'custom:team': 'navy',
      email: newEmail,
      email_verified: 'true',
    });
    const attributes = await attributesOf(newEmail);
    const idToken = (await api.passwordAuth(newEmail)).AuthenticationResult?.IdToken as string;

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(attributes).toMatchObject({
      name: 'Grace Hopper',
      'custom:team': 'navy',
      email: newEmail,
      email_verified: 'true',
    });
    expect(decodeJwt(idToken)).toMatchObject({ name: 'Grace Hopper', email: newEmail, email_verified: true });
  });

  it('leaves a new email unverified unless the administrator marks it verified', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const newEmail = freshEmail();

    // act
    await adminUpdate(email, { email: newEmail });

    // assert
    expect(await attributesOf(newEmail)).toMatchObject({ email: newEmail, email_verified: 'false' });
  });

  it('refuses an email another user has (AliasExistsException), sub, a name outside the schema, and an unknown user', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const { email: taken } = await api.confirmedUser();

    // act
    const alias = await rejectionOf(adminUpdate(email, { email: taken }));
    const sub = await rejectionOf(adminUpdate(email, { sub: 'mine' }));
    const unknownAttribute = await rejectionOf(adminUpdate(email, { favourite_colour: 'blue' }));
    const unknownUser = await rejectionOf(adminUpdate('nobody@example.com', { name: 'X' }));

    // assert
    expect(errorOf(alias)).toEqual({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
      status: 400,
    });
    expect(errorOf(sub)).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot modify the non-mutable attribute sub',
      status: 400,
    });
    expect(errorOf(unknownAttribute)).toEqual({
      name: 'InvalidParameterException',
      message: 'Attributes did not conform to the schema: favourite_colour: Attribute does not exist in the schema.\n',
      status: 400,
    });
    expect(errorOf(unknownUser)).toEqual({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
      status: 400,
    });
    expect((await attributesOf(email)).email).toBe(email);
  });
});

describe('UpdateUserAttributes and VerifyUserAttribute', () => {
  it('lets a user change their name with an access token', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const accessToken = await accessTokenOf(email);

    // act
    const output = await api.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: accessToken,
        UserAttributes: [{ Name: 'name', Value: 'Ada King' }],
      }),
    );
    const user = await api.sdk.send(new GetUserCommand({ AccessToken: accessToken }));

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'name', Value: 'Ada King' }]));
  });

  it('sends a code to a new email, which VerifyUserAttribute then marks verified', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const accessToken = await accessTokenOf(email);
    const newEmail = freshEmail();

    // act
    const output = await api.sdk.send(
      new UpdateUserAttributesCommand({
        AccessToken: accessToken,
        UserAttributes: [{ Name: 'email', Value: newEmail }],
      }),
    );
    const before = await attributesOf(newEmail);
    const code = api.log.emailVerificationCodeFor(newEmail) as string;
    const wrong = await rejectionOf(
      api.sdk.send(
        new VerifyUserAttributeCommand({
          AccessToken: accessToken,
          AttributeName: 'email',
          Code: code === '000000' ? '111111' : '000000',
        }),
      ),
    );
    const verified = await api.sdk.send(
      new VerifyUserAttributeCommand({ AccessToken: accessToken, AttributeName: 'email', Code: code }),
    );

    // assert
    expect(fieldsOf(output)).toEqual({
      CodeDeliveryDetailsList: [{ Destination: 'u***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }],
    });
    expect(before).toMatchObject({ email: newEmail, email_verified: 'false' });
    expect(errorOf(wrong)).toEqual({
      name: 'CodeMismatchException',
      message: 'Invalid verification code provided, please try again.',
      status: 400,
    });
    expect(fieldsOf(verified)).toEqual({});
    expect(await attributesOf(newEmail)).toMatchObject({ email_verified: 'true' });
  });

  it('refuses the verified flags from a user (NotAuthorizedException), a taken email, and an invalid token', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const { email: taken } = await api.confirmedUser();
    const accessToken = await accessTokenOf(email);
    const update = (Name: string, Value: string, token = accessToken) =>
      api.sdk.send(new UpdateUserAttributesCommand({ AccessToken: token, UserAttributes: [{ Name, Value }] }));

    // act
    const flag = await rejectionOf(update('email_verified', 'true'));
    const alias = await rejectionOf(update('email', taken));
    const badToken = await rejectionOf(update('name', 'X', 'not.a.token'));

    // assert
    expect(errorOf(flag)).toEqual({
      name: 'NotAuthorizedException',
      message: 'A client attempted to write unauthorized attribute',
      status: 400,
    });
    expect(errorOf(alias)).toEqual({
      name: 'AliasExistsException',
      message: 'An account with the given email already exists.',
      status: 400,
    });
    expect(errorOf(badToken)).toEqual({ name: 'NotAuthorizedException', message: 'Invalid Access Token', status: 400 });
  });
});

describe('AdminDeleteUserAttributes and DeleteUserAttributes', () => {
  it('remove optional attributes', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    await adminUpdate(email, { nickname: 'Ada', 'custom:team': 'maths', locale: 'en-GB' });

    // act
    const admin = await api.sdk.send(
      new AdminDeleteUserAttributesCommand({
        UserPoolId: api.cognito.userPoolId,
        Username: email,
        UserAttributeNames: ['nickname', 'custom:team'],
      }),
    );
    const own = await api.sdk.send(
      new DeleteUserAttributesCommand({ AccessToken: await accessTokenOf(email), UserAttributeNames: ['locale'] }),
    );
    const attributes = await attributesOf(email);

    // assert
    expect(fieldsOf(admin)).toEqual({});
    expect(fieldsOf(own)).toEqual({});
    expect(attributes).not.toHaveProperty('nickname');
    expect(attributes).not.toHaveProperty('custom:team');
    expect(attributes).not.toHaveProperty('locale');
    expect(attributes).toHaveProperty('name');
  });

  it('refuses a required attribute, sub, and an unknown user', async () => {
    // prepare
    const { email } = await api.confirmedUser();
    const remove = (Username: string, names: string[]) =>
      api.sdk.send(
        new AdminDeleteUserAttributesCommand({
          UserPoolId: api.cognito.userPoolId,
          Username,
          UserAttributeNames: names,
        }),
      );

    // act
    const required = await rejectionOf(remove(email, ['name']));
    const sub = await rejectionOf(remove(email, ['sub']));
    const unknown = await rejectionOf(remove('nobody@example.com', ['nickname']));

    // assert
    expect(errorOf(required)).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot delete the required attribute name.',
      status: 400,
    });
    expect(errorOf(sub)).toEqual({
      name: 'InvalidParameterException',
      message: 'Cannot modify the non-mutable attribute sub',
      status: 400,
    });
    expect(errorOf(unknown)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
    expect(await attributesOf(email)).toHaveProperty('name');
  });
});

describe('AdminConfirmSignUp', () => {
  it('confirms a signed-up user without a code, leaving the email unverified', async () => {
    // prepare
    const email = freshEmail();
    await api.sdk.send(
      new SignUpCommand({
        ClientId: api.cognito.clientId,
        SecretHash: api.hash(email),
        Username: email,
        Password: STRONG_PASSWORD,
        UserAttributes: [{ Name: 'name', Value: 'Dorothy Vaughan' }],
      }),
    );

    // act
    const output = await api.sdk.send(
      new AdminConfirmSignUpCommand({ UserPoolId: api.cognito.userPoolId, Username: email }),
    );
    const user = await api.sdk.send(new AdminGetUserCommand({ UserPoolId: api.cognito.userPoolId, Username: email }));
    const signIn = await api.passwordAuth(email);
    const again = await rejectionOf(
      api.sdk.send(new AdminConfirmSignUpCommand({ UserPoolId: api.cognito.userPoolId, Username: email })),
    );
    const unknown = await rejectionOf(
      api.sdk.send(
        new AdminConfirmSignUpCommand({ UserPoolId: api.cognito.userPoolId, Username: 'nobody@example.com' }),
      ),
    );

    // assert
    expect(fieldsOf(output)).toEqual({});
    expect(user.UserStatus).toBe('CONFIRMED');
    expect(user.UserAttributes).toEqual(expect.arrayContaining([{ Name: 'email_verified', Value: 'false' }]));
    expect(signIn.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(errorOf(again)).toEqual({
      name: 'NotAuthorizedException',
      message: 'User cannot be confirmed. Current status is CONFIRMED',
      status: 400,
    });
    expect(errorOf(unknown)).toEqual({ name: 'UserNotFoundException', message: 'User does not exist.', status: 400 });
  });
});
