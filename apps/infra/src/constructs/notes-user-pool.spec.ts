import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { resolveWith, SYNTH_TIMEOUT, synthesize } from '../testing/synth.js';

const callbackUrls = 'https://app.example.com/callback,http://localhost:3000/callback';
const logoutUrls = 'https://app.example.com/';
const { template } = synthesize('cognito', { callbackUrls, logoutUrls, domainPrefix: 'my-notes-dev' });

function only(type: string): { logicalId: string; properties: Record<string, unknown> } {
  const resources = Object.entries(template.findResources(type));
  expect(resources, `exactly one ${type}`).toHaveLength(1);
  const [logicalId, resource] = resources[0]!;
  return { logicalId, properties: (resource as { Properties: Record<string, unknown> }).Properties };
}

/** The resource servers' identifiers by logical id: `Ref` to a resource server returns its identifier. */
const resourceServers = Object.fromEntries(
  Object.entries(template.findResources('AWS::Cognito::UserPoolResourceServer')).map(([id, resource]) => [
    id,
    (resource as { Properties: { Identifier: string } }).Properties.Identifier,
  ]),
);

function client(name: string): Record<string, unknown> {
  const clients = Object.values(
    template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: name } }),
  );
  expect(clients, `one client named ${name}`).toHaveLength(1);
  return resolveWith((clients[0] as { Properties: Record<string, unknown> }).Properties, resourceServers) as Record<
    string,
    unknown
  >;
}

describe('NotesUserPool', { timeout: SYNTH_TIMEOUT }, () => {
  it('signs users in by email, lets them register, and requires email and name', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: ['email'],
      AutoVerifiedAttributes: ['email'],
      UsernameConfiguration: { CaseSensitive: false },
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'email', Required: true }),
        Match.objectLike({ Name: 'name', Required: true }),
      ]),
      MfaConfiguration: 'OFF',
      UserPoolTier: 'ESSENTIALS',
    });
  });

  it("states Cognito's default password policy", () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
          TemporaryPasswordValidityDays: 7,
        },
      },
    });
  });

  it('has the admin group that the admin route checks', () => {
    const { logicalId: poolId } = only('AWS::Cognito::UserPool');
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin', UserPoolId: { Ref: poolId } });
  });

  it('serves the newer managed login on the configured domain prefix', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: 'my-notes-dev', ManagedLoginVersion: 2 });
  });

  it("gives the web client Cognito's managed login branding, without which the newer managed login shows no page", () => {
    const web = Object.keys(
      template.findResources('AWS::Cognito::UserPoolClient', { Properties: { ClientName: 'My Notes App' } }),
    );
    template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
      ClientId: { Ref: web[0] },
      UseCognitoProvidedValues: true,
    });
  });

  it('defines the notes resource server with the read and write scopes', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'notes',
      Scopes: [
        { ScopeName: 'read', ScopeDescription: Match.anyValue() },
        { ScopeName: 'write', ScopeDescription: Match.anyValue() },
      ],
    });
  });

  it('has the tutorial\'s "Traditional web application" client: a secret, the code grant, openid email profile and the notes scopes', () => {
    const web = client('My Notes App');
    expect(web).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      SupportedIdentityProviders: ['COGNITO'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      CallbackURLs: ['https://app.example.com/callback', 'http://localhost:3000/callback'],
      LogoutURLs: ['https://app.example.com/'],
    });
    expect(new Set(web.AllowedOAuthScopes as unknown[])).toEqual(
      new Set(['openid', 'email', 'profile', 'notes/read', 'notes/write']),
    );
    expect(web.ExplicitAuthFlows).toEqual(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('has a machine-to-machine client limited to client credentials and notes/read', () => {
    expect(client('Notes machine client')).toMatchObject({
      GenerateSecret: true,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['client_credentials'],
      AllowedOAuthScopes: ['notes/read'],
      ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
    });
  });

  it('is deleted with a dev stack, and protected and kept outside dev', () => {
    template.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Delete',
      Properties: { DeletionProtection: 'INACTIVE' },
    });
    const prod = synthesize('cognito', { stage: 'prod' }).template;
    prod.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: { DeletionProtection: 'ACTIVE' },
    });
  });

  it('picks a unique default domain prefix from the stack id when none is configured', () => {
    const { template: defaults } = synthesize('cognito');
    const domain = Object.values(defaults.findResources('AWS::Cognito::UserPoolDomain'))[0] as {
      Properties: { Domain: unknown };
    };
    expect(JSON.stringify(domain.Properties.Domain)).toContain('secure-notes-dev-');
    expect(JSON.stringify(domain.Properties.Domain)).toContain('AWS::StackId');
  });
});
