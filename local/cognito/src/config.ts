/**
 * The local Cognito command's settings, read from the environment by service-kit's reader, like
 * every other process's: every problem at once, each naming its variable. `COGNITO_REGION` means
 * what it means everywhere: the user pool's region (here, the region the pool is created in).
 */
import {
  documented,
  type Env,
  httpUrl,
  LOGGING_ENV,
  list,
  matching,
  port,
  readEnv,
  text,
} from '@secure-notes/service-kit/config';
import * as v from 'valibot';
import { DEFAULT_HOST, DEFAULT_PORT, type LocalCognitoOptions } from './server.js';

/** `COGNITO_DATA_DIR` value that keeps the pool in memory. */
export const IN_MEMORY = ':memory:';
export const DEFAULT_DATA_DIR = '.data/local-cognito';

const url = matching(/^https?:\/\/\S+$/, 'absolute http(s) URLs, comma-separated');

/** The command's variables. */
export const LOCAL_COGNITO_ENV = v.object({
  COGNITO_PORT: documented(
    v.optional(port(), String(DEFAULT_PORT)),
    'the port of the local Cognito (0 picks a free one)',
  ),
  COGNITO_HOST: documented(
    v.optional(text(/^\S+$/, 'an address such as 127.0.0.1'), DEFAULT_HOST),
    'the address the local Cognito binds to',
  ),
  COGNITO_DATA_DIR: documented(
    v.optional(text(/\S/, 'a folder'), DEFAULT_DATA_DIR),
    `where the pool is kept (${DEFAULT_DATA_DIR}; ${IN_MEMORY} keeps nothing)`,
  ),
  COGNITO_REGION: documented(
    v.optional(text(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')),
    "the user pool's region (us-east-1 by default)",
  ),
  COGNITO_PUBLIC_URL: documented(
    v.optional(httpUrl('http://localhost:9229')),
    'the URL the pool is reached at, which its issuer starts with (http://localhost:<port>)',
  ),
  COGNITO_CALLBACK_URLS: documented(v.optional(list(url)), "the app client's callback URLs, comma-separated"),
  COGNITO_LOGOUT_URLS: documented(v.optional(list(url)), "the app client's sign-out URLs, comma-separated"),
});

export interface CliConfig {
  readonly options: Omit<LocalCognitoOptions, 'logger'>;
  readonly logLevel: string;
}

/**
 * Reads the command's environment; throws a `ConfigError` that lists every problem.
 *
 * @example
 * const config = readCliConfig(process.env);
 */
export function readCliConfig(env: Env): CliConfig {
  const { cli, logging } = readEnv({ cli: LOCAL_COGNITO_ENV, logging: LOGGING_ENV }, env, {
    heading: 'local Cognito: set these environment variables and start again',
  });
  const nonEmpty = (urls: string[] | undefined) => (urls === undefined || urls.length === 0 ? undefined : urls);
  const callbackUrls = nonEmpty(cli.COGNITO_CALLBACK_URLS);
  const logoutUrls = nonEmpty(cli.COGNITO_LOGOUT_URLS);
  return {
    options: {
      port: cli.COGNITO_PORT,
      host: cli.COGNITO_HOST,
      ...(cli.COGNITO_DATA_DIR !== IN_MEMORY ? { dataDir: cli.COGNITO_DATA_DIR } : {}),
      ...(cli.COGNITO_REGION !== undefined ? { region: cli.COGNITO_REGION } : {}),
      ...(cli.COGNITO_PUBLIC_URL !== undefined ? { publicUrl: cli.COGNITO_PUBLIC_URL } : {}),
      ...(callbackUrls !== undefined ? { callbackUrls } : {}),
      ...(logoutUrls !== undefined ? { logoutUrls } : {}),
    },
    logLevel: logging.LOG_LEVEL,
  };
}
