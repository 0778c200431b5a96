/**
 * User attributes through the AWS SDK: AdminUpdateUserAttributes, UpdateUserAttributes with
 * VerifyUserAttribute, AdminDeleteUserAttributes and DeleteUserAttributes, and
 * AdminConfirmSignUp.
 */
import {
  AdminConfirmSignUpCommand,
  AdminDeleteUserAttributesCommand,
  AdminUpdateUserAttributesCommand,
  DeleteUserAttributesCommand,
  GetUserCommand,
  UpdateUserAttributesCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { freshEmail } from '../testing/admin.js';
import { badRequest, errorOf, fieldsOf, rejectionOf, STRONG_PASSWORD, useApiFixture } from '../testing/api-fixture.js';

const api = useApiFixture();

const ALIAS_EXISTS = badRequest('AliasExistsException', 'An account with the given email already exists.');
const NOT_MUTABLE_SUB = badRequest('InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
const USER_NOT_FOUND = badRequest('UserNotFoundException', 'User does not exist.');

async function attributesOf(email: string): Promise<Record<string, string | undefined>> {
  const user = await api.adminGetUser(email);
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
    expect(errorOf(alias)).toEqual(ALIAS_EXISTS);
    expect(errorOf(sub)).toEqual(NOT_MUTABLE_SUB);
    expect(errorOf(unknownAttribute)).toEqual(
      badRequest(
        'InvalidParameterException',
        'Attributes did not conform to the schema: favourite_colour: Attribute does not exist in the schema.\n',
      ),
    );
    expect(errorOf(unknownUser)).toEqual(USER_NOT_FOUND);
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
    expect(errorOf(wrong)).toEqual(
      badRequest('CodeMismatchException', 'Invalid verification code provided, please try again.'),
    );
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
    expect(errorOf(flag)).toEqual(
      badRequest('NotAuthorizedException', 'A client attempted to write unauthorized attribute'),
    );
    expect(errorOf(alias)).toEqual(ALIAS_EXISTS);
    expect(errorOf(badToken)).toEqual(badRequest('NotAuthorizedException', 'Invalid Access Token'));
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
    expect(errorOf(required)).toEqual(
      badRequest('InvalidParameterException', 'Cannot delete the required attribute name.'),
    );
    expect(errorOf(sub)).toEqual(NOT_MUTABLE_SUB);
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
    expect(await attributesOf(email)).toHaveProperty('name');
  });
});

describe('AdminConfirmSignUp', () => {
  it('confirms a signed-up user without a code, leaving the email unverified', async () => {
    // prepare
    const email = freshEmail();
    await api.signUp(email, { name: 'Dorothy Vaughan' });

    // act
    const output = await api.sdk.send(
      new AdminConfirmSignUpCommand({ UserPoolId: api.cognito.userPoolId, Username: email }),
    );
    const user = await api.adminGetUser(email);
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
    expect(errorOf(again)).toEqual(
      badRequest('NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED'),
    );
    expect(errorOf(unknown)).toEqual(USER_NOT_FOUND);
  });
});
