/**
 * The Cognito Identity Provider JSON API on `POST /`, as the AWS SDK and CLI speak it:
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, `application/x-amz-json-1.1`
 * in and out, errors as `400 {"__type": "...", "message": "..."}`. SigV4 signatures are
 * accepted without being checked (there are no AWS credentials here), but the pool id and
 * client ids in requests must be this pool's.
 */
import express, { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { LocalCognitoContext } from '../context.js';
import { CognitoError } from '../errors.js';
import { newOpaqueToken } from '../ids.js';
import type { ClientRecord, GroupRecord, UserRecord } from '../state.js';
import { TokenRejectedError, type TokenSet } from '../token-service.js';
import { maskEmail } from '../user-pool.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_TYPE = 'application/x-amz-json-1.1';
const API_SCOPE = 'aws.cognito.signin.user.admin';

const poolId = z.string().min(1).max(55);
const username = z.string().min(1).max(128);
const attributes = z.array(z.object({ Name: z.string().min(1).max(32), Value: z.string().max(2048).optional() }));

function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issues = result.error.issues;
  throw new CognitoError(
    'InvalidParameterException',
    `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${issues
      .map((issue) => `Value at '${issue.path.join('.')}' failed to satisfy constraint: ${issue.message}`)
      .join('; ')}`,
  );
}

/** Epoch seconds, the awsJson timestamp format. */
function timestamp(ms: number): number {
  return ms / 1000;
}

function attributeArray(user: UserRecord, only?: readonly string[]): { Name: string; Value: string }[] {
  return Object.entries(user.attributes)
    .filter(([name]) => !only || only.includes(name))
    .map(([Name, Value]) => ({ Name, Value }));
}

function userType(user: UserRecord, only?: readonly string[]) {
  return {
    Username: user.username,
    Attributes: attributeArray(user, only),
    UserCreateDate: timestamp(user.createdAt),
    UserLastModifiedDate: timestamp(user.lastModifiedAt),
    Enabled: user.enabled,
    UserStatus: user.status,
  };
}

function groupType(group: GroupRecord, userPoolId: string) {
  return {
    GroupName: group.name,
    UserPoolId: userPoolId,
    ...(group.description !== undefined ? { Description: group.description } : {}),
    ...(group.precedence !== undefined ? { Precedence: group.precedence } : {}),
    ...(group.roleArn !== undefined ? { RoleArn: group.roleArn } : {}),
    CreationDate: timestamp(group.createdAt),
    LastModifiedDate: timestamp(group.lastModifiedAt),
  };
}

function authenticationResult(tokens: TokenSet) {
  return {
    AuthenticationResult: {
      AccessToken: tokens.accessToken,
      ExpiresIn: tokens.expiresIn,
      TokenType: 'Bearer',
      ...(tokens.refreshToken !== undefined ? { RefreshToken: tokens.refreshToken } : {}),
      ...(tokens.idToken !== undefined ? { IdToken: tokens.idToken } : {}),
    },
    ChallengeParameters: {},
  };
}

/** `attr = "value"` or `attr ^= "prefix"`, the filter language of ListUsers. */
function userFilter(filter: string | undefined): (user: UserRecord) => boolean {
  if (filter === undefined || filter.trim() === '') return () => true;
  const match = /^\s*([\w:]+)\s*(\^?=)\s*"((?:[^"\\]|\\.)*)"\s*$/.exec(filter);
  const names = ['username', 'email', 'phone_number', 'name', 'given_name', 'family_name', 'preferred_username'];
  const extra = ['cognito:user_status', 'status', 'sub'];
  if (!match || ![...names, ...extra].includes(match[1] as string)) {
    throw new CognitoError(
      'InvalidParameterException',
      `Invalid search attribute or filter: ${filter}. Use attribute = "value" or attribute ^= "prefix" with one of ${[...names, ...extra].join(', ')}.`,
    );
  }
  const [, attribute, operator, quoted] = match as unknown as [string, string, string, string];
  const wanted = quoted.replace(/\\(.)/g, '$1');
  const attributeValue = (user: UserRecord): string | undefined => {
    if (attribute === 'username') return user.username;
    if (attribute === 'cognito:user_status') return user.status;
    if (attribute === 'status') return user.enabled ? 'Enabled' : 'Disabled';
    return user.attributes[attribute];
  };
  return (user) => {
    const value = attributeValue(user);
    if (value === undefined) return false;
    return operator === '=' ? value === wanted : value.startsWith(wanted);
  };
}

interface Challenge {
  username: string;
  clientId: string;
  expiresAt: number;
}

/** The operations, by name. */
function operations(ctx: LocalCognitoContext): Record<string, (input: unknown) => Promise<unknown> | unknown> {
  const { pool, tokens, logger } = ctx;
  const challenges = new Map<string, Challenge>();

  function requirePool(id: string): void {
    if (!/^[\w-]+_[0-9a-zA-Z]+$/.test(id)) {
      throw new CognitoError('InvalidParameterException', `Invalid user pool id provided: ${id}`);
    }
    if (id !== pool.id) throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
  }

  function requireSecretHash(client: ClientRecord, usernames: readonly string[], secretHash: string | undefined) {
    if (!client.clientSecret) return;
    if (!secretHash) {
      throw new CognitoError(
        'NotAuthorizedException',
        `Client ${client.clientId} is configured with secret but SECRET_HASH was not received`,
      );
    }
    if (!pool.secretHashMatches(client, usernames, secretHash)) {
      throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.clientId}`);
    }
  }

  async function signedIn(user: UserRecord, client: ClientRecord) {
    const issued = await tokens.issueForUser({
      user,
      client,
      scopes: [API_SCOPE],
      withIdToken: true,
      withRefreshToken: true,
    });
    logger.info({ event: 'InitiateAuth', username: user.username, clientId: client.clientId }, 'signed in');
    return authenticationResult(issued);
  }

  function newPasswordChallenge(user: UserRecord, client: ClientRecord) {
    for (const [id, challenge] of challenges) if (challenge.expiresAt <= ctx.now()) challenges.delete(id);
    const session = newOpaqueToken(48);
    challenges.set(session, { username: user.username, clientId: client.clientId, expiresAt: ctx.now() + 180_000 });
    const { sub: _sub, ...visible } = user.attributes;
    return {
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      Session: session,
      ChallengeParameters: {
        USER_ID_FOR_SRP: user.username,
        requiredAttributes: JSON.stringify(
          pool.missingRequiredAttributes(user).map((name) => `userAttributes.${name}`),
        ),
        userAttributes: JSON.stringify(visible),
      },
    };
  }

  async function userOfAccessToken(accessToken: string): Promise<UserRecord> {
    try {
      const claims = await tokens.verifyAccessToken(accessToken);
      const user = pool.findUser(claims.username);
      if (!user || !claims.scope.split(' ').includes(API_SCOPE)) throw new TokenRejectedError('Invalid Access Token');
      return user;
    } catch (error) {
      if (error instanceof TokenRejectedError) throw new CognitoError('NotAuthorizedException', error.message);
      throw error;
    }
  }

  const clientDescription = (client: ClientRecord) => ({
    UserPoolId: pool.id,
    ClientName: client.clientName,
    ClientId: client.clientId,
    ...(client.clientSecret !== undefined ? { ClientSecret: client.clientSecret } : {}),
    LastModifiedDate: timestamp(client.lastModifiedAt),
    CreationDate: timestamp(client.createdAt),
    RefreshTokenValidity: 30,
    AccessTokenValidity: 60,
    IdTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    ExplicitAuthFlows: client.explicitAuthFlows,
    SupportedIdentityProviders: client.allowedOAuthFlows.includes('client_credentials') ? [] : ['COGNITO'],
    CallbackURLs: client.callbackUrls,
    LogoutURLs: client.logoutUrls,
    AllowedOAuthFlows: client.allowedOAuthFlows,
    AllowedOAuthScopes: client.allowedOAuthScopes,
    AllowedOAuthFlowsUserPoolClient: true,
    PreventUserExistenceErrors: 'ENABLED',
    EnableTokenRevocation: true,
    EnablePropagateAdditionalUserContextData: false,
    AuthSessionValidity: 3,
  });

  return {
    ListUserPools(input) {
      parse(z.object({ MaxResults: z.number().int().min(1).max(60), NextToken: z.string().optional() }), input);
      return {
        UserPools: [
          {
            Id: pool.id,
            Name: pool.name,
            LambdaConfig: {},
            LastModifiedDate: timestamp(pool.lastModifiedAt),
            CreationDate: timestamp(pool.createdAt),
          },
        ],
      };
    },

    DescribeUserPool(input) {
      const { UserPoolId } = parse(z.object({ UserPoolId: poolId }), input);
      requirePool(UserPoolId);
      const stringAttribute = (Name: string, Required: boolean) => ({
        Name,
        AttributeDataType: 'String',
        DeveloperOnlyAttribute: false,
        Mutable: Name !== 'sub',
        Required,
        StringAttributeConstraints: { MinLength: Name === 'sub' ? '1' : '0', MaxLength: '2048' },
      });
      return {
        UserPool: {
          Id: pool.id,
          Name: pool.name,
          Arn: `arn:aws:cognito-idp:${pool.region}:000000000000:userpool/${pool.id}`,
          Policies: { PasswordPolicy: pool.passwordPolicy, SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD'] } },
          DeletionProtection: 'INACTIVE',
          LambdaConfig: {},
          LastModifiedDate: timestamp(pool.lastModifiedAt),
          CreationDate: timestamp(pool.createdAt),
          SchemaAttributes: [
            stringAttribute('sub', true),
            stringAttribute('name', true),
            stringAttribute('email', true),
            {
              Name: 'email_verified',
              AttributeDataType: 'Boolean',
              DeveloperOnlyAttribute: false,
              Mutable: true,
              Required: false,
            },
          ],
          AutoVerifiedAttributes: ['email'],
          UsernameAttributes: ['email'],
          VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_CODE' },
          UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] },
          MfaConfiguration: 'OFF',
          EstimatedNumberOfUsers: pool.userCount,
          EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT' },
          AdminCreateUserConfig: { AllowAdminCreateUserOnly: false, UnusedAccountValidityDays: 7 },
          UsernameConfiguration: { CaseSensitive: false },
          AccountRecoverySetting: { RecoveryMechanisms: [{ Priority: 1, Name: 'verified_email' }] },
          UserPoolTier: 'ESSENTIALS',
        },
      };
    },

    ListUserPoolClients(input) {
      const { UserPoolId } = parse(
        z.object({ UserPoolId: poolId, MaxResults: z.number().int().min(1).max(60).optional() }),
        input,
      );
      requirePool(UserPoolId);
      return {
        UserPoolClients: pool.clients.map((client) => ({
          ClientId: client.clientId,
          UserPoolId: pool.id,
          ClientName: client.clientName,
        })),
      };
    },

    DescribeUserPoolClient(input) {
      const { UserPoolId, ClientId } = parse(z.object({ UserPoolId: poolId, ClientId: z.string().min(1) }), input);
      requirePool(UserPoolId);
      return { UserPoolClient: clientDescription(pool.requireClient(ClientId)) };
    },

    ListResourceServers(input) {
      const { UserPoolId } = parse(z.object({ UserPoolId: poolId, MaxResults: z.number().optional() }), input);
      requirePool(UserPoolId);
      return {
        ResourceServers: pool.resourceServers.map((server) => ({
          UserPoolId: pool.id,
          Identifier: server.identifier,
          Name: server.name,
          Scopes: server.scopes.map((scope) => ({ ScopeName: scope.name, ScopeDescription: scope.description })),
        })),
      };
    },

    async AdminCreateUser(input) {
      const request = parse(
        z.object({
          UserPoolId: poolId,
          Username: username,
          UserAttributes: attributes.optional(),
          TemporaryPassword: z.string().max(256).optional(),
          MessageAction: z.string().optional(),
          DesiredDeliveryMediums: z.array(z.string()).optional(),
        }),
        input,
      );
      requirePool(request.UserPoolId);
      const user = await pool.adminCreateUser({
        username: request.Username,
        attributes: request.UserAttributes,
        temporaryPassword: request.TemporaryPassword,
        messageAction: request.MessageAction,
      });
      return { User: userType(user) };
    },

    async AdminSetUserPassword(input) {
      const request = parse(
        z.object({
          UserPoolId: poolId,
          Username: username,
          Password: z.string().max(256),
          Permanent: z.boolean().optional(),
        }),
        input,
      );
      requirePool(request.UserPoolId);
      await pool.adminSetUserPassword(request.Username, request.Password, request.Permanent ?? false);
      return {};
    },

    AdminGetUser(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username }), input);
      requirePool(request.UserPoolId);
      const user = pool.requireUser(request.Username);
      return {
        Username: user.username,
        UserAttributes: attributeArray(user),
        UserCreateDate: timestamp(user.createdAt),
        UserLastModifiedDate: timestamp(user.lastModifiedAt),
        Enabled: user.enabled,
        UserStatus: user.status,
      };
    },

    ListUsers(input) {
      const request = parse(
        z.object({
          UserPoolId: poolId,
          AttributesToGet: z.array(z.string()).optional(),
          Limit: z.number().int().min(0).max(60).optional(),
          PaginationToken: z.string().optional(),
          Filter: z.string().max(256).optional(),
        }),
        input,
      );
      requirePool(request.UserPoolId);
      const matches = pool.listUsers().filter(userFilter(request.Filter));
      const start = request.PaginationToken ? Number(Buffer.from(request.PaginationToken, 'base64url').toString()) : 0;
      if (!Number.isInteger(start) || start < 0) {
        throw new CognitoError('InvalidParameterException', 'Invalid PaginationToken.');
      }
      const limit = request.Limit || 60;
      const page = matches.slice(start, start + limit);
      const next =
        start + limit < matches.length ? Buffer.from(String(start + limit)).toString('base64url') : undefined;
      return {
        Users: page.map((user) => userType(user, request.AttributesToGet)),
        ...(next ? { PaginationToken: next } : {}),
      };
    },

    AdminDeleteUser(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username }), input);
      requirePool(request.UserPoolId);
      const user = pool.deleteUser(request.Username);
      tokens.signOutEverywhere(user.username);
      return {};
    },

    CreateGroup(input) {
      const request = parse(
        z.object({
          UserPoolId: poolId,
          GroupName: z.string().min(1).max(128),
          Description: z.string().max(2048).optional(),
          RoleArn: z.string().optional(),
          Precedence: z.number().int().min(0).optional(),
        }),
        input,
      );
      requirePool(request.UserPoolId);
      const group = pool.createGroup({
        name: request.GroupName,
        ...(request.Description !== undefined ? { description: request.Description } : {}),
        ...(request.Precedence !== undefined ? { precedence: request.Precedence } : {}),
        ...(request.RoleArn !== undefined ? { roleArn: request.RoleArn } : {}),
      });
      return { Group: groupType(group, pool.id) };
    },

    ListGroups(input) {
      const request = parse(z.object({ UserPoolId: poolId, Limit: z.number().optional() }), input);
      requirePool(request.UserPoolId);
      return { Groups: pool.groups.map((group) => groupType(group, pool.id)) };
    },

    AdminListGroupsForUser(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username }), input);
      requirePool(request.UserPoolId);
      const user = pool.requireUser(request.Username);
      return {
        Groups: pool
          .groupsOf(user)
          .map((name) => pool.findGroup(name))
          .filter((group): group is GroupRecord => group !== undefined)
          .map((group) => groupType(group, pool.id)),
      };
    },

    AdminAddUserToGroup(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username, GroupName: z.string().min(1) }), input);
      requirePool(request.UserPoolId);
      pool.addUserToGroup(request.Username, request.GroupName);
      return {};
    },

    AdminRemoveUserFromGroup(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username, GroupName: z.string().min(1) }), input);
      requirePool(request.UserPoolId);
      pool.removeUserFromGroup(request.Username, request.GroupName);
      return {};
    },

    async SignUp(input) {
      const request = parse(
        z.object({
          ClientId: z.string().min(1),
          SecretHash: z.string().optional(),
          Username: username,
          Password: z.string().max(256).optional(),
          UserAttributes: attributes.optional(),
        }),
        input,
      );
      const client = pool.requireClient(request.ClientId);
      requireSecretHash(client, [request.Username], request.SecretHash);
      const user = await pool.signUp({
        username: request.Username,
        password: request.Password,
        attributes: request.UserAttributes,
      });
      return {
        UserConfirmed: false,
        CodeDeliveryDetails: {
          Destination: maskEmail(user.attributes.email ?? ''),
          DeliveryMedium: 'EMAIL',
          AttributeName: 'email',
        },
        UserSub: user.username,
      };
    },

    ConfirmSignUp(input) {
      const request = parse(
        z.object({
          ClientId: z.string().min(1),
          SecretHash: z.string().optional(),
          Username: username,
          ConfirmationCode: z.string().min(1).max(2048),
        }),
        input,
      );
      const client = pool.requireClient(request.ClientId);
      requireSecretHash(client, [request.Username], request.SecretHash);
      pool.confirmSignUp(request.Username, request.ConfirmationCode);
      return {};
    },

    ResendConfirmationCode(input) {
      const request = parse(
        z.object({ ClientId: z.string().min(1), SecretHash: z.string().optional(), Username: username }),
        input,
      );
      const client = pool.requireClient(request.ClientId);
      requireSecretHash(client, [request.Username], request.SecretHash);
      const user = pool.resendConfirmationCode(request.Username);
      return {
        CodeDeliveryDetails: {
          Destination: maskEmail(user.attributes.email ?? ''),
          DeliveryMedium: 'EMAIL',
          AttributeName: 'email',
        },
      };
    },

    async InitiateAuth(input) {
      const request = parse(
        z.object({
          AuthFlow: z.string().min(1),
          ClientId: z.string().min(1),
          AuthParameters: z.record(z.string(), z.string()).optional(),
        }),
        input,
      );
      const client = pool.requireClient(request.ClientId);
      const parameters = request.AuthParameters ?? {};
      if (request.AuthFlow === 'USER_PASSWORD_AUTH') {
        if (!client.explicitAuthFlows.includes('ALLOW_USER_PASSWORD_AUTH')) {
          throw new CognitoError('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
        }
        const name = parameters.USERNAME;
        if (!name) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
        if (!parameters.PASSWORD)
          throw new CognitoError('InvalidParameterException', 'Missing required parameter PASSWORD');
        const known = pool.findUser(name);
        requireSecretHash(client, [name, ...(known ? [known.username] : [])], parameters.SECRET_HASH);
        const outcome = await pool.signIn(name, parameters.PASSWORD);
        return outcome.kind === 'signed-in'
          ? signedIn(outcome.user, client)
          : newPasswordChallenge(outcome.user, client);
      }
      if (request.AuthFlow === 'REFRESH_TOKEN_AUTH' || request.AuthFlow === 'REFRESH_TOKEN') {
        const refreshToken = parameters.REFRESH_TOKEN;
        if (!refreshToken)
          throw new CognitoError('InvalidParameterException', 'Missing required parameter REFRESH_TOKEN');
        const record = tokens.findRefreshToken(refreshToken);
        if (client.clientSecret) {
          const user = pool.findUser(record?.username);
          const names = user ? [user.username, ...(user.attributes.email ? [user.attributes.email] : [])] : [];
          requireSecretHash(client, names, parameters.SECRET_HASH);
        }
        const refreshed = await tokens.refresh(refreshToken, client);
        if (!refreshed) throw new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');
        return authenticationResult(refreshed);
      }
      throw new CognitoError(
        'InvalidParameterException',
        `AuthFlow ${request.AuthFlow} is not supported here; use USER_PASSWORD_AUTH or REFRESH_TOKEN_AUTH.`,
      );
    },

    async RespondToAuthChallenge(input) {
      const request = parse(
        z.object({
          ClientId: z.string().min(1),
          ChallengeName: z.string().min(1),
          Session: z.string().optional(),
          ChallengeResponses: z.record(z.string(), z.string()).optional(),
        }),
        input,
      );
      const client = pool.requireClient(request.ClientId);
      if (request.ChallengeName !== 'NEW_PASSWORD_REQUIRED') {
        throw new CognitoError('InvalidParameterException', `Unsupported challenge ${request.ChallengeName}.`);
      }
      const responses = request.ChallengeResponses ?? {};
      const challenge = request.Session ? challenges.get(request.Session) : undefined;
      if (!challenge || challenge.clientId !== client.clientId || challenge.expiresAt <= ctx.now()) {
        throw new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
      }
      const name = responses.USERNAME;
      if (!name) throw new CognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
      const user = pool.findUser(name);
      if (!user || user.username !== challenge.username) {
        throw new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
      }
      requireSecretHash(client, [name, user.username], responses.SECRET_HASH);
      const attributeValues: Record<string, string> = {};
      for (const [key, value] of Object.entries(responses)) {
        if (key.startsWith('userAttributes.')) attributeValues[key.slice('userAttributes.'.length)] = value;
      }
      await pool.completeNewPassword(user, responses.NEW_PASSWORD, attributeValues);
      challenges.delete(request.Session as string);
      return signedIn(user, client);
    },

    async GetUser(input) {
      const request = parse(z.object({ AccessToken: z.string().min(1) }), input);
      const user = await userOfAccessToken(request.AccessToken);
      return { Username: user.username, UserAttributes: attributeArray(user) };
    },

    async GlobalSignOut(input) {
      const request = parse(z.object({ AccessToken: z.string().min(1) }), input);
      const user = await userOfAccessToken(request.AccessToken);
      tokens.signOutEverywhere(user.username);
      logger.info({ event: 'GlobalSignOut', username: user.username }, 'signed out everywhere');
      return {};
    },

    AdminUserGlobalSignOut(input) {
      const request = parse(z.object({ UserPoolId: poolId, Username: username }), input);
      requirePool(request.UserPoolId);
      tokens.signOutEverywhere(pool.requireUser(request.Username).username);
      return {};
    },
  };
}

function sendError(res: Response, error: CognitoError): void {
  res
    .status(error.status)
    .set('x-amzn-ErrorType', `${error.type}:`)
    .type(JSON_TYPE)
    .send(JSON.stringify({ __type: error.type, message: error.message }));
}

/** The `POST /` route of the JSON API. */
export function identityProviderApi(ctx: LocalCognitoContext): Router {
  const router = Router();
  const handlers = operations(ctx);
  const json = express.json({ type: () => true, limit: '256kb' });

  router.post('/', (req: Request, res: Response, next) => {
    const target = req.get('x-amz-target') ?? '';
    if (!target.startsWith(TARGET_PREFIX)) {
      return sendError(
        res,
        new CognitoError(
          'UnknownOperationException',
          'X-Amz-Target must be AWSCognitoIdentityProviderService.<Operation>.',
        ),
      );
    }
    json(req, res, (error?: unknown) => {
      if (error) {
        return sendError(res, new CognitoError('SerializationException', 'The request body is not valid JSON.'));
      }
      next();
    });
  });

  router.post('/', async (req: Request, res: Response) => {
    const operation = (req.get('x-amz-target') ?? '').slice(TARGET_PREFIX.length);
    const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
    res.set('x-amzn-RequestId', crypto.randomUUID());
    if (!handler) {
      ctx.logger.info({ event: 'api', operation }, 'unknown operation');
      return sendError(
        res,
        new CognitoError('UnknownOperationException', `${operation} is not implemented by the local Cognito.`),
      );
    }
    try {
      const output = await handler(req.body);
      ctx.logger.debug({ event: 'api', operation }, 'operation done');
      res.status(200).type(JSON_TYPE).send(JSON.stringify(output));
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      ctx.logger.info({ event: 'api', operation, error: error.type }, 'operation failed');
      sendError(res, error);
    }
  });

  return router;
}
