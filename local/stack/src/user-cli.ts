#!/usr/bin/env node
/**
 * `npm run user -- create <email> "<name>" [--admin]`: the tutorial's Part II ("Create a test
 * user") against the running local Cognito, through the real AWS SDK client, exactly as an
 * administrator would with the console or the AWS CLI. Prints the invitation that Cognito
 * would email: the username and the temporary password.
 */
import { randomInt } from 'node:crypto';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CognitoIdentityProviderClient,
  ListUserPoolsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Env, readEnv } from '@secure-notes/service-kit/config';
import { USER_CLI_ENV } from './config.js';

const USAGE = `usage:
  npm run user -- create <email> "<name>" [--admin]   create a user with a temporary password
  npm run user -- list                                list the users of the local pool`;

/** A temporary password that meets Cognito's default policy: upper, lower, digit and symbol. */
export function temporaryPassword(): string {
  const sets = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '^*.[]{}()?-!@#%&'];
  const all = sets.join('');
  const chars = sets.map((set) => set[randomInt(set.length)]!);
  while (chars.length < 12) chars.push(all[randomInt(all.length)]!);
  for (let i = chars.length - 1; i > 0; i -= 1) {
    const j = randomInt(i + 1);
    [chars[i], chars[j]] = [chars[j]!, chars[i]!];
  }
  return chars.join('');
}

type UserCommand =
  | { kind: 'help' }
  | { kind: 'list' }
  | { kind: 'create'; email: string; name: string; admin: boolean };

/** Reads the command line before anything is contacted, so `--help` and a wrong call need no running stack. */
function parseUserCommand(args: readonly string[]): UserCommand {
  const [command, ...rest] = args;
  if (command === undefined || command === 'help' || args.includes('--help') || args.includes('-h')) {
    return { kind: 'help' };
  }
  if (command === 'list' && rest.length === 0) return { kind: 'list' };
  const [email, name, ...extra] = rest.filter((arg) => !arg.startsWith('--'));
  const unknownFlags = rest.filter((arg) => arg.startsWith('--') && arg !== '--admin');
  if (command === 'create' && email && name && extra.length === 0 && unknownFlags.length === 0) {
    return { kind: 'create', email, name, admin: rest.includes('--admin') };
  }
  throw new Error(USAGE);
}

export async function runUserCli(args: readonly string[], env: Env = process.env): Promise<string> {
  const command = parseUserCommand(args);
  if (command.kind === 'help') return USAGE;
  const { cli } = readEnv({ cli: USER_CLI_ENV }, env, { heading: 'npm run user: set these environment variables' });
  const endpoint = cli.COGNITO_ENDPOINT ?? `http://localhost:${cli.COGNITO_PORT}`;
  const client = new CognitoIdentityProviderClient({
    endpoint,
    // The pool's region, as the local Cognito was started with; against a local endpoint it names nothing else.
    region: cli.COGNITO_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  try {
    const pools = await client.send(new ListUserPoolsCommand({ MaxResults: 10 })).catch((error: unknown) => {
      throw new Error(
        `cannot reach the local Cognito at ${endpoint}: is \`npm start\` running? (${(error as Error).message})`,
      );
    });
    const poolId = pools.UserPools?.[0]?.Id;
    if (!poolId) throw new Error(`the Cognito at ${endpoint} has no user pool`);
    if (command.kind === 'list') {
      const users = await client.send(new ListUsersCommand({ UserPoolId: poolId }));
      return (users.Users ?? [])
        .map(
          (user) =>
            `${user.Username}  ${user.UserStatus}  ${user.Attributes?.find((a) => a.Name === 'email')?.Value ?? ''}`,
        )
        .join('\n');
    }
    const { email, name, admin } = command;
    const password = temporaryPassword();
    await client.send(
      new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: email,
        TemporaryPassword: password,
        UserAttributes: [
          { Name: 'email', Value: email },
          { Name: 'email_verified', Value: 'true' },
          { Name: 'name', Value: name },
        ],
      }),
    );
    if (admin) {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: email, GroupName: 'admin' }));
    }
    return [
      `User ${email} has been created${admin ? ' in the admin group' : ''}.`,
      '',
      'The invitation Cognito would email:',
      `  Your username is ${email} and temporary password is ${password}`,
      '',
      'Sign in with managed login (see the sign-in URL that `npm start` printed); you will be asked for a new password.',
    ].join('\n');
  } finally {
    client.destroy();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  runUserCli(process.argv.slice(2)).then(
    (output) => process.stdout.write(`${output}\n`),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(1);
    },
  );
}
