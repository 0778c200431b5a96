import { describe, expect, it } from 'vitest';
import { CognitoError } from '../errors.js';
import { type ClientSettingsContext, redirectUriProblem, resolveClientSettings } from './client-settings.js';

const context: ClientSettingsContext = {
  userPoolId: 'us-east-1_Settings1',
  knownScopes: () => ['openid', 'email', 'notes/read', 'notes/write'],
  resourceServerScopes: () => ['notes/read', 'notes/write'],
};

/** The code and message Cognito would answer, or undefined when the settings are accepted. */
function refusal(run: () => unknown): { code: string; message: string } | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof CognitoError)) throw error;
    return { code: error.type, message: error.message };
  }
}

describe('resolveClientSettings', () => {
  it("gives a client created with a name only Cognito's defaults", () => {
    // act
    const resolved = resolveClientSettings({ clientName: 'cli' }, false, context);

    // assert
    expect(resolved).toEqual({
      clientName: 'cli',
      callbackUrls: [],
      logoutUrls: [],
      allowedOAuthFlows: [],
      allowedOAuthScopes: [],
      allowedOAuthFlowsUserPoolClient: false,
      explicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'],
      supportedIdentityProviders: [],
      tokenValidity: {
        accessToken: 60,
        idToken: 60,
        refreshToken: 30,
        units: { accessToken: 'minutes', idToken: 'minutes', refreshToken: 'days' },
      },
      preventUserExistenceErrors: 'LEGACY',
      enableTokenRevocation: true,
      enablePropagateAdditionalUserContextData: false,
      authSessionValidity: 3,
    });
  });

  it('refuses legacy auth flows mixed with ALLOW_ ones', () => {
    // act
    const refused = refusal(() =>
      resolveClientSettings(
        { clientName: 'cli', explicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] },
        false,
        context,
      ),
    );

    // assert
    expect(refused?.code).toBe('InvalidParameterException');
    expect(refused?.message).toContain('cannot mix legacy values');
  });

  it('takes the client_credentials grant only for a client with a secret and resource-server scopes', () => {
    // prepare
    const machine = {
      clientName: 'machine',
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['client_credentials'],
      allowedOAuthScopes: ['notes/read'],
    } as const;

    // act
    const withoutSecret = refusal(() => resolveClientSettings(machine, false, context));
    const userScope = refusal(() =>
      resolveClientSettings({ ...machine, allowedOAuthScopes: ['notes/read', 'openid'] }, true, context),
    );
    const accepted = resolveClientSettings(machine, true, context);

    // assert
    expect(withoutSecret?.code).toBe('InvalidOAuthFlowException');
    expect(userScope).toEqual({
      code: 'InvalidOAuthFlowException',
      message: 'The client_credentials flow takes only resource-server scopes, not openid.',
    });
    expect(accepted.allowedOAuthFlows).toEqual(['client_credentials']);
  });

  it('needs a callback URL for the code grant, and a default redirect URI among the callbacks', () => {
    // prepare
    const web = {
      clientName: 'web',
      allowedOAuthFlowsUserPoolClient: true,
      allowedOAuthFlows: ['code'],
      allowedOAuthScopes: ['openid'],
    } as const;

    // act
    const noCallback = refusal(() => resolveClientSettings(web, false, context));
    const strayDefault = refusal(() =>
      resolveClientSettings(
        { ...web, callbackUrls: ['http://localhost:5173/'], defaultRedirectUri: 'http://localhost:3000/' },
        false,
        context,
      ),
    );
    const unknownScope = refusal(() =>
      resolveClientSettings({ ...web, allowedOAuthScopes: ['admin'] }, false, context),
    );

    // assert
    expect(noCallback?.message).toBe(
      'A client that allows the code or implicit grant needs at least one of CallbackURLs.',
    );
    expect(strayDefault?.message).toBe('DefaultRedirectURI must be one of the CallbackURLs.');
    expect(unknownScope).toEqual({ code: 'ScopeDoesNotExistException', message: 'Invalid scope requested: admin' });
  });

  it('reads a lifetime without a unit in hours, and refuses one out of range', () => {
    // act
    const twoHours = resolveClientSettings({ clientName: 'cli', tokenValidity: { accessToken: 2 } }, false, context);
    const tooLong = refusal(() =>
      resolveClientSettings(
        { clientName: 'cli', tokenValidity: { idToken: 2, units: { idToken: 'days' } } },
        false,
        context,
      ),
    );

    // assert
    expect(twoHours.tokenValidity).toMatchObject({ accessToken: 2, units: { accessToken: 'hours' } });
    expect(tooLong?.message).toBe('IdTokenValidity must be between 5 minutes and 1 day; 2 days is not.');
  });
});

describe('redirectUriProblem', () => {
  it('allows HTTPS and http://localhost, and says what is wrong with anything else', () => {
    expect(redirectUriProblem('https://app.example.com/callback')).toBeUndefined();
    expect(redirectUriProblem('http://localhost:5173/')).toBeUndefined();
    expect(redirectUriProblem('http://app.example.com/callback')).toMatch(/must use HTTPS/);
    expect(redirectUriProblem('https://app.example.com/#done')).toMatch(/fragment/);
    expect(redirectUriProblem('/callback')).toMatch(/absolute URL/);
  });
});
