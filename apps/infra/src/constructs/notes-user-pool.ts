import { WEB_CLIENT } from '@secure-notes/http-api';
import { Aws, Duration, Fn, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

/** The resource server of the Notes API and its two scopes, as access tokens carry them: `notes/read`, `notes/write`. */
export const NOTES_RESOURCE_SERVER = 'notes';
export const NOTES_SCOPES = { read: 'read', write: 'write' } as const;

/** The scopes Cognito itself defines for every pool. */
const OIDC_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'] as const;

/** The scopes the tutorial's "View login page" asks for. */
const LOGIN_PAGE_SCOPES = 'email+openid+profile';

export interface NotesUserPoolProps {
  /** Part of the pool's name and of the default domain prefix. */
  readonly stage: string;
  /** Deletion protection on, and the pool outlives the stack. */
  readonly protect: boolean;
  /** The managed login domain prefix; by default `secure-notes-<stage>-<8 characters of the stack id>`. */
  readonly domainPrefix?: string;
  /** Where managed login may send the authorization code; the first is the one the outputs use. */
  readonly callbackUrls: readonly string[];
  readonly logoutUrls: readonly string[];
}

/**
 * The tutorial's Part I as code: a user pool with email sign-in, self-registration and the
 * required `email` and `name`; the `admin` group the API's admin route checks; managed login
 * (the newer version, with a branding style for the web client, without which it serves no
 * page) on a Cognito domain; the "Traditional web application" client (a secret, the
 * authorization code grant, `openid email profile` plus `notes/read` and `notes/write`); and a
 * machine-to-machine client (client credentials, `notes/read`).
 */
export class NotesUserPool extends Construct {
  readonly userPool: cognito.UserPool;
  readonly adminGroup: cognito.UserPoolGroup;
  readonly resourceServer: cognito.UserPoolResourceServer;
  /** The tutorial's "My Notes App" client, used from a server with its secret. */
  readonly webClient: cognito.UserPoolClient;
  /** A client for programs: client credentials grant, read-only. */
  readonly machineClient: cognito.UserPoolClient;
  readonly domain: cognito.UserPoolDomain;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`, resolved at deploy time. */
  readonly baseUrl: string;
  /** The browser app's public client, once `addAppClient` has made it. */
  appClient?: cognito.UserPoolClient;
  private readonly callbackUrl: string;

  constructor(scope: Construct, id: string, props: NotesUserPoolProps) {
    super(scope, id);
    const [callbackUrl] = props.callbackUrls;
    if (callbackUrl === undefined) throw new Error('NotesUserPool needs at least one callback URL.');
    this.callbackUrl = callbackUrl;

    this.userPool = new cognito.UserPool(this, 'UserPool', {
      userPoolName: `secure-notes-${props.stage}`,
      signInAliases: { email: true },
      signInCaseSensitive: false,
      selfSignUpEnabled: true,
      autoVerify: { email: true },
      keepOriginal: { email: true },
      standardAttributes: {
        email: { required: true, mutable: true },
        fullname: { required: true, mutable: true },
      },
      // Cognito's default policy, written out so the template states it.
      passwordPolicy: {
        minLength: 8,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(7),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      mfa: cognito.Mfa.OFF,
      featurePlan: cognito.FeaturePlan.ESSENTIALS,
      deletionProtection: props.protect,
      removalPolicy: props.protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.adminGroup = this.userPool.addGroup('AdminGroup', {
      groupName: 'admin',
      description: 'May read any user’s notes through GET /admin/users/{userId}/notes',
    });

    const read = new cognito.ResourceServerScope({ scopeName: NOTES_SCOPES.read, scopeDescription: 'Read your notes' });
    const write = new cognito.ResourceServerScope({
      scopeName: NOTES_SCOPES.write,
      scopeDescription: 'Create, change and delete your notes',
    });
    this.resourceServer = this.userPool.addResourceServer('NotesResourceServer', {
      identifier: NOTES_RESOURCE_SERVER,
      userPoolResourceServerName: 'Secure Notes API',
      scopes: [read, write],
    });

    this.webClient = this.userPool.addClient('WebClient', {
      userPoolClientName: 'My Notes App',
      generateSecret: true,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [
          cognito.OAuthScope.OPENID,
          cognito.OAuthScope.EMAIL,
          cognito.OAuthScope.PROFILE,
          cognito.OAuthScope.resourceServer(this.resourceServer, read),
          cognito.OAuthScope.resourceServer(this.resourceServer, write),
        ],
        callbackUrls: [...props.callbackUrls],
        logoutUrls: [...props.logoutUrls],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    this.machineClient = this.userPool.addClient('MachineClient', {
      userPoolClientName: 'Notes machine client',
      generateSecret: true,
      // No user sign-in through this client: only refreshing, which client credentials never needs.
      authFlows: { userSrp: false },
      oAuth: {
        flows: { clientCredentials: true },
        scopes: [cognito.OAuthScope.resourceServer(this.resourceServer, read)],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });

    // The default prefix must be unique in the region across every AWS account, and stable for
    // the stack's life: 8 characters of the stack id's UUID give that without naming the account.
    const domainPrefix =
      props.domainPrefix ??
      `secure-notes-${props.stage}-${Fn.select(0, Fn.split('-', Fn.select(2, Fn.split('/', Aws.STACK_ID))))}`;
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix },
      managedLoginVersion: cognito.ManagedLoginVersion.NEWER_MANAGED_LOGIN,
    });
    this.baseUrl = this.domain.baseUrl();

    this.addBranding('WebClientBranding', this.webClient);
  }

  /**
   * The browser app's public client (`WEB_CLIENT`, shared with the local Cognito) for the app
   * served at `origin`: no secret, the authorization code grant (the app sends a PKCE challenge;
   * Cognito has no client setting that demands one), its callback and sign-out pages on that
   * origin, and its own managed login branding.
   */
  addAppClient(origin: string): cognito.UserPoolClient {
    if (this.appClient !== undefined) throw new Error('NotesUserPool.addAppClient: the app client exists already.');
    const known = new Set<string>([
      ...OIDC_SCOPES,
      ...Object.values(NOTES_SCOPES).map((name) => `${NOTES_RESOURCE_SERVER}/${name}`),
    ]);
    const unknown = WEB_CLIENT.scopes.filter((scope) => !known.has(scope));
    if (unknown.length > 0) {
      throw new Error(`WEB_CLIENT asks for scopes the user pool does not define: ${unknown.join(', ')}`);
    }
    // Concatenated, not parsed: `origin` is the distribution's domain, known at deploy time only.
    if (origin.endsWith('/')) throw new Error(`The app's origin must not end with "/", got ${origin}`);
    const flows = new Set(WEB_CLIENT.explicitAuthFlows);
    const client = this.userPool.addClient('AppClient', {
      userPoolClientName: WEB_CLIENT.name,
      generateSecret: WEB_CLIENT.generateSecret,
      // Every flag given, so that Cognito's defaults (SRP, custom auth) are not added; the refresh
      // token flow CDK always allows.
      authFlows: {
        userSrp: flows.has('ALLOW_USER_SRP_AUTH'),
        userPassword: flows.has('ALLOW_USER_PASSWORD_AUTH'),
        adminUserPassword: flows.has('ALLOW_ADMIN_USER_PASSWORD_AUTH'),
        custom: flows.has('ALLOW_CUSTOM_AUTH'),
        user: flows.has('ALLOW_USER_AUTH'),
      },
      oAuth: {
        flows: { authorizationCodeGrant: WEB_CLIENT.oauthFlows.includes('code') },
        scopes: WEB_CLIENT.scopes.map((scope) => cognito.OAuthScope.custom(scope)),
        callbackUrls: [`${origin}${WEB_CLIENT.callbackPath}`],
        logoutUrls: [`${origin}${WEB_CLIENT.signOutPath}`],
      },
      supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
      idTokenValidity: Duration.minutes(WEB_CLIENT.tokenValidity.idTokenMinutes),
      accessTokenValidity: Duration.minutes(WEB_CLIENT.tokenValidity.accessTokenMinutes),
      refreshTokenValidity: Duration.days(WEB_CLIENT.tokenValidity.refreshTokenDays),
      enableTokenRevocation: WEB_CLIENT.enableTokenRevocation,
      preventUserExistenceErrors: WEB_CLIENT.preventUserExistenceErrors,
    });
    // The notes scopes exist once the resource server does (scopes named as text carry no reference).
    client.node.addDependency(this.resourceServer);
    this.addBranding('AppClientBranding', client);
    this.appClient = client;
    return client;
  }

  /** The app client ids whose tokens the API accepts: the web client's, the machine client's and the app's. */
  get clientIds(): string[] {
    return [
      this.webClient.userPoolClientId,
      this.machineClient.userPoolClientId,
      ...(this.appClient === undefined ? [] : [this.appClient.userPoolClientId]),
    ];
  }

  /** The newer managed login shows no page for a client without a branding style: Cognito's own style. */
  private addBranding(id: string, client: cognito.UserPoolClient): cognito.CfnManagedLoginBranding {
    const branding = new cognito.CfnManagedLoginBranding(this, id, {
      userPoolId: this.userPool.userPoolId,
      clientId: client.userPoolClientId,
      useCognitoProvidedValues: true,
    });
    branding.node.addDependency(this.domain);
    return branding;
  }

  /**
   * The tokens' issuer, `https://cognito-idp.<region>.amazonaws.com/<pool id>` (the pool's
   * `ProviderURL` attribute is the same without its scheme).
   */
  get issuer(): string {
    const stack = Stack.of(this);
    return `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${this.userPool.userPoolId}`;
  }

  /** The sign-in page as the tutorial's "View login page" opens it (Part III, step 01). */
  get managedLoginUrl(): string {
    return (
      `${this.baseUrl}/login?client_id=${this.webClient.userPoolClientId}` +
      `&response_type=code&scope=${LOGIN_PAGE_SCOPES}&redirect_uri=${encodeURIComponent(this.callbackUrl)}`
    );
  }

  /**
   * The tutorial's token exchange (Part III, step 05) with the secret left as `$CLIENT_SECRET`:
   * a secret never goes into a template or a stack output.
   */
  get tokenExchangeCommand(): string {
    return (
      `curl -X POST "${this.baseUrl}/oauth2/token" -H "Content-Type: application/x-www-form-urlencoded" ` +
      `-d "grant_type=authorization_code&code=YOUR_AUTH_CODE&client_id=${this.webClient.userPoolClientId}` +
      `&client_secret=$CLIENT_SECRET&redirect_uri=${encodeURIComponent(this.callbackUrl)}"`
    );
  }

  /** The AWS CLI command that puts the web client's secret in `$CLIENT_SECRET`, for whoever may read it. */
  get clientSecretCommand(): string {
    return (
      `export CLIENT_SECRET="$(aws cognito-idp describe-user-pool-client --region ${Aws.REGION} ` +
      `--user-pool-id ${this.userPool.userPoolId} --client-id ${this.webClient.userPoolClientId} ` +
      '--query UserPoolClient.ClientSecret --output text)"'
    );
  }
}
