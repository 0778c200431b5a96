/**
 * The pool's settings through the AWS SDK: DescribeUserPoolDomain, DescribeResourceServer,
 * CreateUserPoolClient and UpdateUserPoolClient, and the proof that a client's token
 * lifetimes, flows, scopes and URLs are honoured by InitiateAuth and the OAuth 2.0 endpoints.
 */
import {
  CreateUserPoolClientCommand,
  type CreateUserPoolClientCommandInput,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  InitiateAuthCommand,
  UpdateUserPoolClientCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { tokenRequest } from '../testing/admin.js';
import {
  badRequest,
  errorOf,
  fieldsOf,
  notesResourceServer,
  rejectionOf,
  STRONG_PASSWORD,
  useApiFixture,
} from '../testing/api-fixture.js';
import { signInWithHttp } from '../testing/http-sign-in.js';

const api = useApiFixture();

const CALLBACK = 'https://app.example.com/callback';
const OTHER_POOL = badRequest('ResourceNotFoundException', 'User pool us-east-1_Nope12345 does not exist.');

describe('DescribeUserPoolDomain', () => {
  it('describes the pool’s managed login domain, and answers an empty description for any other', async () => {
    // prepare
    const pool = await api.sdk.send(new DescribeUserPoolCommand({ UserPoolId: api.cognito.userPoolId }));
    const domain = pool.UserPool?.Domain as string;

    // act
    const own = await api.sdk.send(new DescribeUserPoolDomainCommand({ Domain: domain }));
    const other = await api.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'someone-elses-domain' }));
    const invalid = await rejectionOf(api.sdk.send(new DescribeUserPoolDomainCommand({ Domain: 'Not_A_Domain' })));

    // assert
    expect(domain).toMatch(/^secure-notes-[a-z0-9]{9}$/);
    expect(fieldsOf(own)).toEqual({
      DomainDescription: {
        UserPoolId: api.cognito.userPoolId,
        AWSAccountId: '000000000000',
        Domain: domain,
        CloudFrontDistribution: new URL(api.cognito.url).host,
        Version: '1',
        Status: 'ACTIVE',
        ManagedLoginVersion: 2,
      },
    });
    expect(fieldsOf(other)).toEqual({ DomainDescription: {} });
    expect(errorOf(invalid)).toMatchObject({ name: 'InvalidParameterException', status: 400 });
    expect(errorOf(invalid).message).toMatch(
      /^1 validation error detected: Value 'Not_A_Domain' at 'domain' failed to satisfy constraint: Member must satisfy regular expression pattern/,
    );
  });
});

describe('DescribeResourceServer', () => {
  it('describes the notes resource server and its scopes', async () => {
    // act
    const output = await api.sdk.send(
      new DescribeResourceServerCommand({ UserPoolId: api.cognito.userPoolId, Identifier: 'notes' }),
    );

    // assert
    expect(fieldsOf(output)).toEqual({ ResourceServer: notesResourceServer(api.cognito.userPoolId) });
  });

  it('answers ResourceNotFoundException for an unknown identifier or another pool', async () => {
    // act
    const unknown = await rejectionOf(
      api.sdk.send(new DescribeResourceServerCommand({ UserPoolId: api.cognito.userPoolId, Identifier: 'photos' })),
    );
    const otherPool = await rejectionOf(
      api.sdk.send(new DescribeResourceServerCommand({ UserPoolId: 'us-east-1_Nope12345', Identifier: 'notes' })),
    );

    // assert
    expect(errorOf(unknown)).toEqual(badRequest('ResourceNotFoundException', 'Resource server photos does not exist.'));
    expect(errorOf(otherPool)).toEqual(OTHER_POOL);
  });
});

describe('CreateUserPoolClient', () => {
  it('creates a client with Cognito’s defaults for everything not asked for', async () => {
    // act
    const output = await api.createClient({ ClientName: 'defaults' });
    const described = await api.sdk.send(
      new DescribeUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientId: output.UserPoolClient?.ClientId,
      }),
    );

    // assert
    expect(fieldsOf(output)).toEqual({
      UserPoolClient: {
        UserPoolId: api.cognito.userPoolId,
        ClientName: 'defaults',
        ClientId: expect.stringMatching(/^[a-z0-9]{26}$/),
        LastModifiedDate: expect.any(Date),
        CreationDate: expect.any(Date),
        RefreshTokenValidity: 30,
        AccessTokenValidity: 60,
        IdTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'],
        AllowedOAuthFlowsUserPoolClient: false,
        PreventUserExistenceErrors: 'LEGACY',
        EnableTokenRevocation: true,
        EnablePropagateAdditionalUserContextData: false,
        AuthSessionValidity: 3,
      },
    });
    expect(fieldsOf(described)).toEqual(fieldsOf(output));
  });

  it('creates a client with a secret and every setting given', async () => {
    // prepare — the settings the answer must give back as they were given
    const given = {
      AccessTokenValidity: 10,
      IdTokenValidity: 2,
      RefreshTokenValidity: 60,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      SupportedIdentityProviders: ['COGNITO'],
      CallbackURLs: [CALLBACK],
      LogoutURLs: ['https://app.example.com/'],
      DefaultRedirectURI: CALLBACK,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'notes/read'],
      AllowedOAuthFlowsUserPoolClient: true,
      PreventUserExistenceErrors: 'ENABLED',
      AuthSessionValidity: 5,
    } satisfies Omit<CreateUserPoolClientCommandInput, 'UserPoolId' | 'ClientName'>;

    // act
    const output = await api.createClient({
      ClientName: 'web app',
      GenerateSecret: true,
      TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' },
      ...given,
    });

    // assert — and the unit left out (IdToken) is the default, hours
    expect(fieldsOf(output).UserPoolClient).toMatchObject({
      ClientSecret: expect.stringMatching(/^[a-z0-9]{51}$/),
      ...given,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'minutes' },
    });
  });

  it('refuses an unknown scope, a client_credentials flow it cannot have, and settings out of range', async () => {
    // act
    const scope = await rejectionOf(
      api.createClient({
        ClientName: 'x',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['notes/delete'],
        CallbackURLs: [CALLBACK],
      }),
    );
    const noSecret = await rejectionOf(
      api.createClient({
        ClientName: 'x',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthScopes: ['notes/read'],
      }),
    );
    const mixed = await rejectionOf(
      api.createClient({
        ClientName: 'x',
        GenerateSecret: true,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['client_credentials', 'code'],
        AllowedOAuthScopes: ['notes/read'],
        CallbackURLs: [CALLBACK],
      }),
    );
    const httpCallback = await rejectionOf(
      api.createClient({
        ClientName: 'x',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid'],
        CallbackURLs: ['http://app.example.com/callback'],
      }),
    );
    const tooLong = await rejectionOf(
      api.createClient({ ClientName: 'x', AccessTokenValidity: 2, TokenValidityUnits: { AccessToken: 'days' } }),
    );
    const provider = await rejectionOf(api.createClient({ ClientName: 'x', SupportedIdentityProviders: ['Google'] }));
    const legacyMix = await rejectionOf(
      api.createClient({ ClientName: 'x', ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    const otherPool = await rejectionOf(
      api.sdk.send(new CreateUserPoolClientCommand({ UserPoolId: 'us-east-1_Nope12345', ClientName: 'x' })),
    );

    // assert
    expect(errorOf(scope)).toEqual(badRequest('ScopeDoesNotExistException', 'Invalid scope requested: notes/delete'));
    expect(errorOf(noSecret)).toEqual(
      badRequest(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      ),
    );
    expect(errorOf(mixed)).toEqual(
      badRequest(
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected along with code flow or implicit flow.',
      ),
    );
    expect(errorOf(httpCallback)).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('HTTPS'),
    });
    expect(errorOf(tooLong)).toEqual(
      badRequest(
        'InvalidParameterException',
        'AccessTokenValidity must be between 5 minutes and 1 day; 2 days is not.',
      ),
    );
    expect(errorOf(provider)).toEqual(
      badRequest(
        'InvalidParameterException',
        `The provider Google does not exist for User Pool ${api.cognito.userPoolId}`,
      ),
    );
    expect(errorOf(legacyMix)).toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('legacy'),
    });
    expect(errorOf(otherPool)).toMatchObject({ name: 'ResourceNotFoundException' });
  });
});

describe('UpdateUserPoolClient', () => {
  it('replaces the settings, sets what it leaves out back to the defaults, and keeps the id and secret', async () => {
    // prepare
    const created = await api.createClient({
      ClientName: 'to update',
      GenerateSecret: true,
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 10,
      TokenValidityUnits: { AccessToken: 'minutes' },
      PreventUserExistenceErrors: 'ENABLED',
    });
    const before = created.UserPoolClient;

    // act
    const output = await api.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientId: before?.ClientId,
        ClientName: 'updated',
        ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );

    // assert
    expect(fieldsOf(output).UserPoolClient).toMatchObject({
      ClientId: before?.ClientId,
      ClientSecret: before?.ClientSecret,
      ClientName: 'updated',
      ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
      PreventUserExistenceErrors: 'LEGACY',
      CreationDate: before?.CreationDate,
    });
  });

  it('answers ResourceNotFoundException for an unknown client, and refuses what CreateUserPoolClient refuses', async () => {
    // prepare
    const created = await api.createClient({ ClientName: 'plain' });

    // act
    const unknown = await rejectionOf(
      api.sdk.send(
        new UpdateUserPoolClientCommand({ UserPoolId: api.cognito.userPoolId, ClientId: 'nosuchclient0000000000000a' }),
      ),
    );
    const scope = await rejectionOf(
      api.sdk.send(
        new UpdateUserPoolClientCommand({
          UserPoolId: api.cognito.userPoolId,
          ClientId: created.UserPoolClient?.ClientId,
          AllowedOAuthFlowsUserPoolClient: true,
          AllowedOAuthFlows: ['client_credentials'],
          AllowedOAuthScopes: ['notes/read'],
        }),
      ),
    );

    // assert
    expect(errorOf(unknown)).toEqual(
      badRequest('ResourceNotFoundException', 'User pool client nosuchclient0000000000000a does not exist.'),
    );
    expect(errorOf(scope)).toMatchObject({ name: 'InvalidOAuthFlowException' });
  });
});

describe('a client’s settings, honoured', () => {
  it('gives InitiateAuth tokens that live as long as the client says, and a refresh token that expires with it', async () => {
    // prepare
    const created = await api.createClient({
      ClientName: 'short lived',
      ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      AccessTokenValidity: 10,
      IdTokenValidity: 2,
      RefreshTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours', RefreshToken: 'minutes' },
    });
    const clientId = created.UserPoolClient?.ClientId as string;
    const { email } = await api.confirmedUser();

    // act
    const signedIn = await api.sdk.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: email, PASSWORD: STRONG_PASSWORD },
      }),
    );
    const refresh = () =>
      api.sdk.send(
        new InitiateAuthCommand({
          ClientId: clientId,
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: signedIn.AuthenticationResult?.RefreshToken as string },
        }),
      );
    api.clock.advance(59 * 60_000);
    const inTime = await refresh();
    api.clock.advance(2 * 60_000);
    const late = await rejectionOf(refresh());

    // assert
    const access = decodeJwt(signedIn.AuthenticationResult?.AccessToken as string);
    const id = decodeJwt(signedIn.AuthenticationResult?.IdToken as string);
    expect(signedIn.AuthenticationResult?.ExpiresIn).toBe(600);
    expect((access.exp as number) - (access.iat as number)).toBe(600);
    expect((id.exp as number) - (id.iat as number)).toBe(7200);
    expect(inTime.AuthenticationResult?.AccessToken).toEqual(expect.any(String));
    expect(errorOf(late)).toEqual(badRequest('NotAuthorizedException', 'Refresh Token has expired'));
  });

  it('lets managed login and /oauth2/token serve a new client with its URLs, scopes and lifetimes, and stop when the code flow is taken away', async () => {
    // prepare
    const created = await api.createClient({
      ClientName: 'new web app',
      GenerateSecret: true,
      CallbackURLs: [CALLBACK],
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['openid', 'notes/read'],
      AllowedOAuthFlowsUserPoolClient: true,
      AccessTokenValidity: 15,
      TokenValidityUnits: { AccessToken: 'minutes' },
    });
    const client = {
      id: created.UserPoolClient?.ClientId as string,
      secret: created.UserPoolClient?.ClientSecret as string,
    };
    const { email } = await api.confirmedUser();
    const signIn = () =>
      signInWithHttp({
        url: api.cognito.url,
        clientId: client.id,
        redirectUri: CALLBACK,
        username: email,
        password: STRONG_PASSWORD,
        scope: 'openid notes/read notes/write',
      });

    // act
    const first = await signIn();
    const exchanged = await tokenRequest(
      api.cognito,
      { grant_type: 'authorization_code', code: first.code as string, redirect_uri: CALLBACK },
      { basic: { id: client.id, secret: client.secret } },
    );
    await api.sdk.send(
      new UpdateUserPoolClientCommand({
        UserPoolId: api.cognito.userPoolId,
        ClientId: client.id,
        CallbackURLs: [CALLBACK],
        AllowedOAuthFlows: ['implicit'],
        AllowedOAuthScopes: ['openid'],
        AllowedOAuthFlowsUserPoolClient: true,
      }),
    );
    const afterUpdate = await fetch(
      `${api.cognito.url}/oauth2/authorize?${new URLSearchParams({ client_id: client.id, response_type: 'code', redirect_uri: CALLBACK, state: 's' })}`,
      { redirect: 'manual' },
    );

    // assert
    expect(`${first.location.origin}${first.location.pathname}`).toBe(CALLBACK);
    expect(exchanged.status).toBe(200);
    expect(exchanged.body.expires_in).toBe(900);
    expect(decodeJwt(exchanged.body.access_token as string).scope).toBe('openid notes/read');
    expect(afterUpdate.status).toBe(302);
    expect(afterUpdate.headers.get('location')).toBe(`${CALLBACK}?error=unauthorized_client&state=s`);
  });
});
