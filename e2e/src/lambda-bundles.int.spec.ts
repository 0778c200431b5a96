/**
 * The deployment bundles, each run in a fresh instance (a worker thread with its own module
 * registry, as the local API Gateway runs them), give the same answers as their handlers
 * composed in this process from the sources, for the same events; and an authorizer instance
 * downloads the pool's keys once, at its cold start, never per invocation (counted at a proxy
 * in front of the local Cognito's JWKS). Every event here validates against Powertools'
 * schemas of AWS's events. The bundles come from `pnpm build:lambdas`.
 */
import 'reflect-metadata';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  lambdaContext,
  methodArn,
  type ProxyEventInput,
  proxyEvent as proxyEventOf,
  requestAuthorizerEvent,
  tokenAuthorizerEvent,
} from '@secure-notes/adapters-aws/lambda/testing';
import { composeAuthorizerFunction } from '@secure-notes/lambda-authorizer';
import { LambdaFunction } from '@secure-notes/local-api-gateway';
import type { LocalCognito } from '@secure-notes/local-cognito';
import { startCognitoForTest } from '@secure-notes/local-cognito/testing';
import { type LocalDynamoDb, startLocalDynamoDb } from '@secure-notes/local-dynamodb';
import {
  assertBundlesBuilt,
  LAMBDA_BUNDLES,
  localSecretArn,
  type SecretsManagerStandIn,
  startSecretsManagerStandIn,
} from '@secure-notes/local-stack';
import { listenOnLoopback } from '@secure-notes/service-kit';
import { useEnvironment } from '@secure-notes/testing';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser, signIn, subOf } from './testing/stack.js';

const CALLBACK = 'http://localhost:3000/callback';
const CURSOR_SECRET = 'a-secret-of-thirty-two-characters-or-more';

/** A proxy in front of the local Cognito's JWKS that counts the downloads. */
async function countingJwksProxy(target: string): Promise<{ url: string; count: () => number; server: Server }> {
  let count = 0;
  const server = createServer(async (_req, res) => {
    count += 1;
    const upstream = await fetch(target);
    res.writeHead(upstream.status, { 'Content-Type': 'application/json' }).end(await upstream.text());
  });
  await listenOnLoopback(server, 'the JWKS counting proxy');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, count: () => count, server };
}

/** The tutorial's curl commands send their JSON as a form, as curl does with `-d`. */
const FORM_POST = { 'Content-Type': 'application/x-www-form-urlencoded' };

const tokenEvent = (authorization: string, method: string, path: string) =>
  tokenAuthorizerEvent(authorization, methodArn(method, path));

const requestEvent = (authorization: string, method: string, resource: string, path: string) =>
  requestAuthorizerEvent({ Authorization: authorization }, methodArn(method, path), method, resource, path);

const proxyEvent = (input: ProxyEventInput) => proxyEventOf({ headers: FORM_POST, ...input });

type NotesHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** What an in-process handler gave: its result, or the message it threw. */
async function inProcess<T>(run: () => Promise<T>): Promise<{ result: T } | { thrown: string }> {
  try {
    return { result: await run() };
  } catch (error) {
    return { thrown: (error as Error).message };
  }
}

/** The same, from a bundle's invocation outcome. */
function fromBundle(outcome: Awaited<ReturnType<LambdaFunction['invoke']>>) {
  return outcome.ok ? { result: outcome.payload } : { thrown: outcome.error.errorMessage };
}

describe('the Lambda bundles, each in a fresh instance', () => {
  let cognito: LocalCognito;
  let dynamoDb: LocalDynamoDb;
  let jwks: Awaited<ReturnType<typeof countingJwksProxy>>;
  let secrets: SecretsManagerStandIn;
  let clock = 0;
  let env: Record<string, string>;
  const functions: LambdaFunction[] = [];
  const tokens = { alice: '', admin: '', expired: '', readOnly: '' };

  const bundled = (name: string, bundle: string) => {
    const fn = new LambdaFunction({ name, bundle, timeoutSeconds: 10, memorySizeMb: 256, environment: env });
    functions.push(fn);
    return fn;
  };

  beforeAll(async () => {
    assertBundlesBuilt();
    ({ cognito } = await startCognitoForTest({ callbackUrls: [CALLBACK], now: () => Date.now() + clock }));
    dynamoDb = await startLocalDynamoDb({ port: 0 });
    jwks = await countingJwksProxy(cognito.jwksUri);
    const target = { cognito, callbackUrl: CALLBACK };
    await createUser(target, 'alice@example.com');
    await createUser(target, 'admin@example.com', { admin: true });
    tokens.alice = (await signIn(target, 'alice@example.com')).id_token;
    tokens.admin = (await signIn(target, 'admin@example.com')).id_token;
    tokens.readOnly = (await signIn(target, 'alice@example.com', { scope: 'openid notes/read' })).access_token;
    clock = -2 * 60 * 60 * 1000;
    tokens.expired = (await signIn(target, 'alice@example.com')).id_token;
    clock = 0;
    const cursorSecretArn = localSecretArn(cognito.region, 'secure-notes-cursor-secret');
    secrets = await startSecretsManagerStandIn([
      { arn: cursorSecretArn, name: 'secure-notes-cursor-secret', value: CURSOR_SECRET },
    ]);
    env = {
      AWS_REGION: cognito.region,
      COGNITO_USER_POOL_ID: cognito.userPoolId,
      COGNITO_CLIENT_IDS: cognito.clientId,
      COGNITO_ISSUER: cognito.issuer,
      COGNITO_JWKS_URI: jwks.url,
      NOTES_TABLE: dynamoDb.tableName,
      DYNAMODB_ENDPOINT: dynamoDb.endpoint,
      // The secret's ARN only: each instance reads its value at init, from the local stand-in.
      NOTES_CURSOR_SECRET_ID: cursorSecretArn,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint,
      LOG_LEVEL: 'SILENT',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    };
  });

  afterAll(async () => {
    await Promise.all(functions.map((fn) => fn.close()));
    await new Promise<void>((resolve) => jwks?.server.close(() => resolve()));
    await dynamoDb?.close();
    await cognito?.close();
    await secrets?.close();
  });

  describe.each([
    ['TOKEN', LAMBDA_BUNDLES.token],
    ['REQUEST', LAMBDA_BUNDLES.request],
  ] as const)('the %s authorizer', (type, bundle) => {
    const eventFor = (authorization: string, method: string, resource: string, path: string) =>
      type === 'TOKEN' ? tokenEvent(authorization, method, path) : requestEvent(authorization, method, resource, path);

    it('answers every event as its handler in-process does', async () => {
      const handler = (await composeAuthorizerFunction(type, env)) as (event: unknown) => Promise<unknown>;
      const fn = bundled(`${type}Authorizer`, bundle);
      const cases = [
        eventFor(tokens.alice, 'GET', '/notes', '/notes'),
        eventFor(`Bearer ${tokens.admin}`, 'GET', '/admin/users/{userId}/notes', '/admin/users/u/notes'),
        eventFor(tokens.readOnly, 'POST', '/notes', '/notes'),
        eventFor(tokens.expired, 'GET', '/notes', '/notes'),
        eventFor('invalid.token.here', 'GET', '/notes', '/notes'),
      ];

      for (const event of cases) {
        const expected = await inProcess(() => handler(structuredClone(event)));
        const actual = fromBundle(await fn.invoke(event));

        expect(actual).toEqual(expected);
      }
      expect(fromBundle(await fn.invoke(cases[0]))).toMatchObject({ result: { principalId: subOf(tokens.alice) } });
      expect(fromBundle(await fn.invoke(cases[3]))).toEqual({ thrown: 'Unauthorized' });
    });

    it('downloads the JWKS once per instance, at its cold start, never per invocation', async () => {
      const fn = bundled(`${type}AuthorizerCounted`, bundle);
      const before = jwks.count();
      const event = eventFor(tokens.alice, 'GET', '/notes', '/notes');

      // Three at once find no idle instance: three cold starts.
      await Promise.all([fn.invoke(event), fn.invoke(event), fn.invoke(event)]);
      for (let i = 0; i < 6; i += 1) await fn.invoke(event);

      expect(fn.stats).toEqual({ coldStarts: 3, invocations: 9 });
      expect(jwks.count() - before).toBe(3);
    });
  });

  describe('the notes function', () => {
    let authorizer: Record<string, unknown>;
    let admin: Record<string, unknown>;
    let handler: NotesHandler;
    let restoreEnvironment = () => {};

    beforeAll(async () => {
      // The entrypoint composes itself from process.env when imported, as on Lambda.
      restoreEnvironment = useEnvironment(env);
      handler = ((await import('@secure-notes/lambda-notes')) as { handler: NotesHandler }).handler;
      const authorize = (await composeAuthorizerFunction('TOKEN', env)) as (event: unknown) => Promise<{
        principalId: string;
        context: Record<string, unknown>;
      }>;
      const asPassedOn = async (token: string) => {
        const result = await authorize(tokenEvent(token, 'GET', '/notes'));
        return { principalId: result.principalId, integrationLatency: 12, ...result.context };
      };
      authorizer = await asPassedOn(tokens.alice);
      admin = await asPassedOn(tokens.admin);
    });

    afterAll(() => restoreEnvironment());

    it('answers every event as its handler in-process does', async () => {
      const fn = bundled('NotesAPI', LAMBDA_BUNDLES.notes);
      const missing = '01JDZZZZZZZZZZZZZZZZZZZZZZ';
      const cases = [
        proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer }),
        proxyEvent({
          method: 'GET',
          resource: '/notes/{noteId}',
          path: `/notes/${missing}`,
          pathParameters: { noteId: missing },
          authorizer,
        }),
        proxyEvent({ method: 'POST', resource: '/notes', path: '/notes', body: '{"title": ', authorizer }),
        proxyEvent({ method: 'POST', resource: '/notes', path: '/notes', body: '{"noteId":"forged"}', authorizer }),
        proxyEvent({
          method: 'GET',
          resource: '/admin/users/{userId}/notes',
          path: '/admin/users/u/notes',
          pathParameters: { userId: 'u' },
          authorizer,
        }),
        proxyEvent({ method: 'GET', resource: '/nope', path: '/nope', authorizer }),
      ];

      for (const event of cases) {
        // A copy for the handler in-process: middy's body parser replaces the event's body.
        const expected = await inProcess(() => handler(structuredClone(event), lambdaContext()));
        const actual = fromBundle(await fn.invoke(event));

        expect(actual).toEqual(expected);
      }
    });

    it('reads its page-token secret at init, once per instance, from the Secrets Manager its environment names', async () => {
      const fn = bundled('NotesAPISecret', LAMBDA_BUNDLES.notes);
      const event = proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer });
      const before = secrets.reads.get('secure-notes-cursor-secret') ?? 0;

      await Promise.all([fn.invoke(event), fn.invoke(event)]);
      for (let i = 0; i < 4; i += 1)
        expect(fromBundle(await fn.invoke(event))).toMatchObject({ result: { statusCode: 200 } });

      expect(fn.stats).toEqual({ coldStarts: 2, invocations: 6 });
      expect((secrets.reads.get('secure-notes-cursor-secret') ?? 0) - before).toBe(2);
    });

    it('fails its init, naming the variable and never a value, when the secret cannot be read', async () => {
      const fn = new LambdaFunction({
        name: 'NotesAPINoSecret',
        bundle: LAMBDA_BUNDLES.notes,
        timeoutSeconds: 10,
        memorySizeMb: 256,
        environment: { ...env, NOTES_CURSOR_SECRET_ID: 'no-such-secret' },
      });
      functions.push(fn);

      const outcome = await fn.invoke(proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer }));

      expect(outcome.ok).toBe(false);
      const message = outcome.ok ? '' : outcome.error.errorMessage;
      expect(message).toContain('NOTES_CURSOR_SECRET_ID=no-such-secret');
      expect(message).toContain("can't find the specified secret");
      expect(message).not.toContain(CURSOR_SECRET);
    });

    it('stores what the bundle creates where the handler in-process reads it, and the other way round', async () => {
      const fn = bundled('NotesAPIStore', LAMBDA_BUNDLES.notes);
      const create = (title: string) =>
        proxyEvent({
          method: 'POST',
          resource: '/notes',
          path: '/notes',
          body: JSON.stringify({ title }),
          authorizer: admin,
        });
      const list = proxyEvent({ method: 'GET', resource: '/notes', path: '/notes', authorizer: admin });

      const byBundle = await fn.invoke(create('by the bundle'));
      const byHandler = await handler(create('in process'), lambdaContext());
      const listedByBundle = await fn.invoke(list);
      const listedByHandler = await handler(list, lambdaContext());

      expect(byBundle.ok && (byBundle.payload as APIGatewayProxyResult).statusCode).toBe(201);
      expect(byHandler.statusCode).toBe(201);
      expect(listedByBundle.ok && (listedByBundle.payload as APIGatewayProxyResult).body).toBe(listedByHandler.body);
      expect(JSON.parse(listedByHandler.body).notes.map((n: { title: string }) => n.title)).toEqual([
        'in process',
        'by the bundle',
      ]);
    });
  });
});
