import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { WEB_CLIENT, type WebAppConfig, webAppConfig, webResponseHeaders } from '@secure-notes/http-api';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import type { DeploymentMode } from '../config/deployment-config.js';
import { PRIVATE_BUCKET_PROPERTIES } from '../testing/private-bucket.js';
import { resolveWith, SYNTH_TIMEOUT, type Synthesized, synthesize, WEB_DOMAIN, webRefs } from '../testing/synth.js';
import { HASHED_ASSETS_CACHE_CONTROL, HASHED_ASSETS_PATH } from './notes-web-app.js';

const modes: readonly DeploymentMode[] = ['cognito', 'token', 'request', 'container'];
const stacks = new Map<DeploymentMode, Synthesized>(
  modes.map((mode) => [mode, synthesize(mode, { domainPrefix: 'my-notes', corsOrigins: 'https://app.example.com' })]),
);
const lambda = stacks.get('cognito')!;
const { template } = lambda;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string };

/** The one resource of `type` (matching `props`): its logical id and its properties. */
function only(from: Template, type: string, props: Record<string, unknown> = {}): { id: string; resource: Resource } {
  const found = Object.entries(from.findResources(type, { Properties: props })) as [string, Resource][];
  expect(found, `one ${type}`).toHaveLength(1);
  return { id: found[0]![0], resource: found[0]![1] };
}

/** The deploy-time values the tests give the stack's resources, by logical id. */
function refsOf(from: Template): Record<string, string> {
  const values: Record<string, string> = {
    [only(from, 'AWS::Cognito::UserPoolDomain').id]: 'my-notes',
    [only(from, 'AWS::Cognito::UserPool').id]: 'eu-west-1_AbC123',
    [only(from, 'AWS::Cognito::UserPoolClient', { ClientName: WEB_CLIENT.name }).id]: 'appclient123',
  };
  const apis = Object.keys(from.findResources('AWS::ApiGateway::RestApi'));
  if (apis.length === 1) values[apis[0]!] = 'abc123';
  const stages = Object.keys(from.findResources('AWS::ApiGateway::Stage'));
  if (stages.length === 1) values[stages[0]!] = 'dev';
  return webRefs(from, values);
}

const API_ORIGIN = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
const LOGIN_ORIGIN = 'https://my-notes.auth.eu-west-1.amazoncognito.com';
const WEB_ORIGIN = `https://${WEB_DOMAIN}`;
/** The attachments bucket's name is made from the stack's id (`STACK_ID` in the tests). */
const BUCKET_NAME = 'secure-notes-attachments-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
const BUCKET_ORIGIN = `https://${BUCKET_NAME}.s3.eu-west-1.amazonaws.com`;

/** A response headers policy as the header map it sends, references resolved. */
function headersSentBy(from: Template, policyId: string): Record<string, string> {
  const config = resolveWith(
    (from.findResources('AWS::CloudFront::ResponseHeadersPolicy')[policyId] as Resource).Properties
      .ResponseHeadersPolicyConfig,
    refsOf(from),
  ) as {
    SecurityHeadersConfig: Record<string, Record<string, unknown>>;
    CustomHeadersConfig: { Items: { Header: string; Value: string; Override: boolean }[] };
  };
  const security = config.SecurityHeadersConfig;
  for (const setting of Object.values(security)) expect(setting.Override, 'overrides the origin').toBe(true);
  const hsts = security.StrictTransportSecurity!;
  const headers: Record<string, string> = {
    'Content-Security-Policy': security.ContentSecurityPolicy!.ContentSecurityPolicy as string,
    'Strict-Transport-Security': `max-age=${hsts.AccessControlMaxAgeSec}${hsts.IncludeSubdomains ? '; includeSubDomains' : ''}${hsts.Preload ? '; preload' : ''}`,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': security.FrameOptions!.FrameOption as string,
    'Referrer-Policy': security.ReferrerPolicy!.ReferrerPolicy as string,
  };
  expect(Object.keys(security).sort()).toEqual(
    ['ContentSecurityPolicy', 'ContentTypeOptions', 'FrameOptions', 'ReferrerPolicy', 'StrictTransportSecurity'].sort(),
  );
  for (const item of config.CustomHeadersConfig.Items) {
    expect(item.Override, item.Header).toBe(true);
    headers[item.Header] = item.Value;
  }
  return headers;
}

/** The bucket the distribution serves from. */
function webBucket(from: Template): { id: string; resource: Resource } {
  const [origin] = distributionConfig(from).Origins as { DomainName: { 'Fn::GetAtt': [string, string] } }[];
  const id = origin!.DomainName['Fn::GetAtt'][0];
  return { id, resource: from.findResources('AWS::S3::Bucket')[id] as Resource };
}

function distributionConfig(from: Template): Record<string, unknown> {
  return only(from, 'AWS::CloudFront::Distribution').resource.Properties.DistributionConfig as Record<string, unknown>;
}

function behaviours(from: Template) {
  const config = distributionConfig(from);
  type Behaviour = Record<string, unknown> & {
    CachePolicyId: { Ref: string };
    ResponseHeadersPolicyId: { Ref: string };
  };
  const assets = (config.CacheBehaviors as Behaviour[]).find((b) => b.PathPattern === HASHED_ASSETS_PATH);
  expect(assets, `a behaviour for ${HASHED_ASSETS_PATH}`).toBeDefined();
  return { shell: config.DefaultCacheBehavior as Behaviour, assets: assets! };
}

function cachePolicy(from: Template, id: string): Record<string, unknown> {
  return (from.findResources('AWS::CloudFront::CachePolicy')[id] as Resource).Properties.CachePolicyConfig as Record<
    string,
    unknown
  >;
}

/** The folder each source of the one deployment was staged to, and the deployment's properties. */
function deploymentOf(synthesized: Synthesized) {
  const { resource } = only(synthesized.template, 'Custom::CDKBucketDeployment');
  const manifest = JSON.parse(
    readFileSync(join(synthesized.assembly.directory, `${synthesized.stack.artifactId}.assets.json`), 'utf8'),
  ) as { files: Record<string, { source: { path: string } }> };
  const folders = (resource.Properties.SourceObjectKeys as string[]).map((key) =>
    join(synthesized.assembly.directory, manifest.files[key.replace(/\.zip$/, '')]!.source.path),
  );
  return { properties: resource.Properties, folders };
}

/** The deployed config.json: the staged file with its deploy-time markers replaced by their test values. */
function deployedConfig(synthesized: Synthesized): WebAppConfig {
  const { properties, folders } = deploymentOf(synthesized);
  const index = folders.findIndex((folder) => readdirSync(folder).join() === 'config.json');
  expect(index, 'a source holding config.json alone').toBeGreaterThanOrEqual(0);
  let text = readFileSync(join(folders[index]!, 'config.json'), 'utf8');
  const markers = (properties.SourceMarkers as Record<string, unknown>[])[index]!;
  for (const [marker, value] of Object.entries(markers)) {
    const resolved = resolveWith(value, refsOf(synthesized.template));
    expect(typeof resolved, `${marker} resolves to text`).toBe('string');
    text = text.replaceAll(marker, resolved as string);
  }
  return JSON.parse(text) as WebAppConfig;
}

describe('NotesWebApp', { timeout: SYNTH_TIMEOUT }, () => {
  describe('the bucket', () => {
    it('is private, encrypted, owner-enforced, and refuses any request that is not TLS 1.2 or newer', () => {
      const { id, resource } = webBucket(template);
      expect(resource.Properties).toMatchObject(PRIVATE_BUCKET_PROPERTIES);
      expect(resource.Properties.WebsiteConfiguration).toBeUndefined();
      const policy = only(template, 'AWS::S3::BucketPolicy', { Bucket: { Ref: id } }).resource;
      const statements = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement;
      expect(statements.filter((s) => s.Effect === 'Deny')).toEqual([
        expect.objectContaining({ Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        expect.objectContaining({ Action: 's3:*', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]);
    });

    it('lets only this distribution read it, through origin access control (no access identity, no public read)', () => {
      const bucket = webBucket(template);
      const distribution = only(template, 'AWS::CloudFront::Distribution').id;
      const policy = only(template, 'AWS::S3::BucketPolicy', { Bucket: { Ref: bucket.id } }).resource;
      const allows = (policy.Properties.PolicyDocument as { Statement: Record<string, unknown>[] }).Statement.filter(
        (s) => s.Effect === 'Allow',
      );
      expect(allows).toHaveLength(1);
      expect(allows[0]).toMatchObject({
        Action: ['s3:GetObject', 's3:ListBucket'],
        Principal: { Service: 'cloudfront.amazonaws.com' },
      });
      expect(JSON.stringify(allows[0]!.Condition)).toContain(JSON.stringify({ Ref: distribution }));

      const oac = only(template, 'AWS::CloudFront::OriginAccessControl');
      expect(oac.resource.Properties.OriginAccessControlConfig).toMatchObject({
        OriginAccessControlOriginType: 's3',
        SigningBehavior: 'always',
        SigningProtocol: 'sigv4',
      });
      expect(distributionConfig(template).Origins).toEqual([
        expect.objectContaining({
          DomainName: { 'Fn::GetAtt': [bucket.id, 'RegionalDomainName'] },
          OriginAccessControlId: { 'Fn::GetAtt': [oac.id, 'Id'] },
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      ]);
    });
  });

  describe('the distribution', () => {
    it('serves index.html at the root, over HTTPS only (plain HTTP is redirected)', () => {
      const { shell, assets } = behaviours(template);
      expect(distributionConfig(template)).toMatchObject({ DefaultRootObject: 'index.html', Enabled: true });
      for (const behaviour of [shell, assets]) {
        expect(behaviour).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
      }
    });

    it('sends the shared CSP and security headers on every answer, with the API, login and bucket origins in connect-src', () => {
      const { shell, assets } = behaviours(template);
      const expected = webResponseHeaders({
        apiOrigin: API_ORIGIN,
        loginOrigin: LOGIN_ORIGIN,
        objectStorageOrigin: BUCKET_ORIGIN,
      });
      expect(headersSentBy(template, shell.ResponseHeadersPolicyId.Ref)).toEqual(expected);
      expect(headersSentBy(template, assets.ResponseHeadersPolicyId.Ref)).toEqual({
        ...expected,
        'Cache-Control': HASHED_ASSETS_CACHE_CONTROL,
      });
      expect(expected['Content-Security-Policy']).toContain(
        `connect-src 'self' ${API_ORIGIN} ${LOGIN_ORIGIN} ${BUCKET_ORIGIN};`,
      );
    });

    it("names in connect-src the attachments bucket the app uploads to, by the bucket's own name", () => {
      const { shell } = behaviours(template);
      const bucket = Object.entries(template.findResources('AWS::S3::Bucket')).find(([id]) =>
        id.startsWith('AttachmentsBucket'),
      )?.[1] as Resource;
      const bucketName = resolveWith(bucket.Properties.BucketName, refsOf(template));

      expect(bucketName).toBe(BUCKET_NAME);
      const csp = headersSentBy(template, shell.ResponseHeadersPolicyId.Ref)['Content-Security-Policy'];
      expect(csp).toContain(` https://${bucketName as string}.s3.eu-west-1.amazonaws.com;`);
    });

    it("names the container's API host in the CSP when the API runs as the container", () => {
      const container = stacks.get('container')!.template;
      const { shell } = behaviours(container);
      expect(headersSentBy(container, shell.ResponseHeadersPolicyId.Ref)).toEqual(
        webResponseHeaders({
          apiOrigin: 'https://notes.example.com',
          loginOrigin: LOGIN_ORIGIN,
          objectStorageOrigin: BUCKET_ORIGIN,
        }),
      );
    });

    it("serves index.html for the app's routes and leaves files alone, so a missing file is a 404, not the app", () => {
      const { shell, assets } = behaviours(template);
      const fn = only(template, 'AWS::CloudFront::Function').resource;
      expect(shell.FunctionAssociations).toEqual([
        {
          EventType: 'viewer-request',
          FunctionARN: { 'Fn::GetAtt': [only(template, 'AWS::CloudFront::Function').id, 'FunctionARN'] },
        },
      ]);
      expect(assets.FunctionAssociations).toBeUndefined();
      expect(distributionConfig(template).CustomErrorResponses).toBeUndefined();
      expect(fn.Properties.FunctionConfig).toMatchObject({ Runtime: 'cloudfront-js-2.0' });

      const handler = runInNewContext(`${fn.Properties.FunctionCode as string}; handler`) as (event: {
        request: { uri: string };
      }) => { uri: string };
      const served = (uri: string) => handler({ request: { uri } }).uri;
      expect(served('/')).toBe('/index.html');
      expect(served('/callback')).toBe('/index.html');
      expect(served('/notes/01JC9ZQ3V6M0T8Q1X2Y3Z4A5B6')).toBe('/index.html');
      expect(served('/admin/users/abc/notes')).toBe('/index.html');
      expect(served('/config.json')).toBe('/config.json');
      expect(served('/favicon.ico')).toBe('/favicon.ico');
      expect(served('/index.html')).toBe('/index.html');
    });

    it('revalidates index.html, config.json and every file outside assets/ on each load', () => {
      const { shell } = behaviours(template);
      expect(cachePolicy(template, shell.CachePolicyId.Ref)).toMatchObject({
        MinTTL: 0,
        DefaultTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: {
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
        },
      });
      // Every object is stored with no-cache, which CloudFront honours with a minimum TTL of 0.
      expect(deploymentOf(lambda).properties.SystemMetadata).toEqual({ 'cache-control': 'no-cache' });
    });

    it('keeps the content-hashed files under assets/ a year at the edge and tells browsers they never change', () => {
      const { assets } = behaviours(template);
      expect(cachePolicy(template, assets.CachePolicyId.Ref)).toMatchObject({
        MinTTL: 31_536_000,
        DefaultTTL: 31_536_000,
        MaxTTL: 31_536_000,
      });
      expect(headersSentBy(template, assets.ResponseHeadersPolicyId.Ref)['Cache-Control']).toBe(
        'public, max-age=31536000, immutable',
      );
    });
  });

  describe('the deployment', () => {
    it('puts the build and config.json in the bucket in one deployment that prunes and empties it on removal', () => {
      const bucket = webBucket(template);
      template.resourceCountIs('Custom::CDKBucketDeployment', 1);
      const { properties, folders } = deploymentOf(lambda);
      expect(properties).toMatchObject({
        DestinationBucketName: { Ref: bucket.id },
        Prune: true,
        RetainOnDelete: false,
      });
      expect(folders).toHaveLength(2);
      const build = folders.find((folder) => readdirSync(folder).includes('index.html'));
      // The build's own (development) config.json is left out: the deployed one is the only one.
      expect(readdirSync(build!, { recursive: true, encoding: 'utf8' }).sort()).toEqual([
        'assets',
        'assets/index-B1a2c3d4.js',
        'index.html',
      ]);
      expect(bucket.resource.DeletionPolicy).toBe('Delete');
    });

    it('writes config.json at deploy time from the API, the pool, the app client and the distribution', () => {
      expect(deployedConfig(lambda)).toEqual(
        webAppConfig({
          apiUrl: `${API_ORIGIN}/dev`,
          issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123',
          loginOrigin: LOGIN_ORIGIN,
          clientId: 'appclient123',
          webOrigin: WEB_ORIGIN,
        }),
      );
    });

    it("gives the container's app the container's API URL", () => {
      expect(deployedConfig(stacks.get('container')!).apiUrl).toBe('https://notes.example.com');
    });

    it("outputs the app's URL", () => {
      expect(resolveWith(template.toJSON().Outputs.AppUrl.Value, refsOf(template))).toBe(`${WEB_ORIGIN}/`);
    });
  });

  describe('the app client', () => {
    const client = () => only(template, 'AWS::Cognito::UserPoolClient', { ClientName: WEB_CLIENT.name });

    it('is public: no secret, the authorization code grant only, the OIDC and notes scopes', () => {
      const { resource } = client();
      expect(resource.Properties).toMatchObject({
        GenerateSecret: false,
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'profile', 'notes/read', 'notes/write'],
        SupportedIdentityProviders: ['COGNITO'],
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      });
      // No sign-in by password outside managed login; renewal by the refresh token only.
      expect(resource.Properties.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
      expect(resource.DependsOn, 'created after the notes scopes exist').toContain(
        only(template, 'AWS::Cognito::UserPoolResourceServer').id,
      );
    });

    it("sends the code to the app's /callback and signs out to its root, on the distribution's origin", () => {
      const { resource } = client();
      expect(resolveWith(resource.Properties.CallbackURLs, refsOf(template))).toEqual([`${WEB_ORIGIN}/callback`]);
      expect(resolveWith(resource.Properties.LogoutURLs, refsOf(template))).toEqual([`${WEB_ORIGIN}/`]);
    });

    it('gives ID and access tokens one validity, and refresh tokens the one WEB_CLIENT states', () => {
      expect(client().resource.Properties).toMatchObject({
        IdTokenValidity: WEB_CLIENT.tokenValidity.idTokenMinutes,
        AccessTokenValidity: WEB_CLIENT.tokenValidity.idTokenMinutes,
        RefreshTokenValidity: WEB_CLIENT.tokenValidity.refreshTokenDays * 24 * 60,
        TokenValidityUnits: { IdToken: 'minutes', AccessToken: 'minutes', RefreshToken: 'minutes' },
      });
    });

    it("has its own managed login branding in Cognito's style, without which its sign-in page does not show", () => {
      template.hasResourceProperties('AWS::Cognito::ManagedLoginBranding', {
        ClientId: { Ref: client().id },
        UseCognitoProvidedValues: true,
      });
    });
  });

  for (const mode of modes) {
    // A dependency cycle (a CSP built from the API's URL, say) fails the synthesis itself: cdk.json turns on
    // CDK's CloudFormation validation, whose rule F3004 reports circular dependencies.
    it(`is part of the stack in every mode (${mode})`, () => {
      const { template: t } = stacks.get(mode)!;
      for (const type of [
        'AWS::S3::Bucket',
        'AWS::CloudFront::Distribution',
        'AWS::CloudFront::ResponseHeadersPolicy',
        'AWS::CloudFront::Function',
        'Custom::CDKBucketDeployment',
        'AWS::Cognito::ManagedLoginBranding',
      ]) {
        expect(Object.keys(t.findResources(type)).length, type).toBeGreaterThan(0);
      }
      only(t, 'AWS::Cognito::UserPoolClient', { ClientName: WEB_CLIENT.name });
      expect(Object.keys(t.toJSON().Outputs)).toContain('AppUrl');
    });
  }
});
