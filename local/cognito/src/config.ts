/** Reads the CLI's settings from the environment, with messages that name the variable at fault. */
import { DEFAULT_HOST, DEFAULT_PORT, type LocalCognitoOptions } from './server.js';

/** `COGNITO_DATA_DIR` value that keeps the pool in memory. */
export const IN_MEMORY = ':memory:';
export const DEFAULT_DATA_DIR = '.data/local-cognito';

export interface CliConfig {
  readonly options: Omit<LocalCognitoOptions, 'logger'>;
  readonly logLevel: string;
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/**
 * COGNITO_PORT (9229), COGNITO_HOST (127.0.0.1), COGNITO_DATA_DIR (.data/local-cognito;
 * `:memory:` keeps nothing), COGNITO_REGION (us-east-1), COGNITO_PUBLIC_URL
 * (http://localhost:<port>), COGNITO_CALLBACK_URLS and COGNITO_LOGOUT_URLS (comma-separated),
 * LOG_LEVEL (info).
 */
export function readCliConfig(env: Record<string, string | undefined>): CliConfig {
  const portText = env.COGNITO_PORT?.trim() || String(DEFAULT_PORT);
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65_535) {
    throw new Error(`COGNITO_PORT must be a port number from 0 to 65535, not "${portText}".`);
  }
  const region = env.COGNITO_REGION?.trim() || undefined;
  if (region !== undefined && !/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
    throw new Error(`COGNITO_REGION must look like us-east-1, not "${region}".`);
  }
  const publicUrl = env.COGNITO_PUBLIC_URL?.trim() || undefined;
  if (publicUrl !== undefined && !URL.canParse(publicUrl)) {
    throw new Error(`COGNITO_PUBLIC_URL must be an absolute URL such as http://localhost:9229, not "${publicUrl}".`);
  }
  const dataDir = env.COGNITO_DATA_DIR?.trim() || DEFAULT_DATA_DIR;
  const callbackUrls = list(env.COGNITO_CALLBACK_URLS);
  const logoutUrls = list(env.COGNITO_LOGOUT_URLS);
  return {
    options: {
      port,
      host: env.COGNITO_HOST?.trim() || DEFAULT_HOST,
      ...(dataDir !== IN_MEMORY ? { dataDir } : {}),
      ...(region !== undefined ? { region } : {}),
      ...(publicUrl !== undefined ? { publicUrl } : {}),
      ...(callbackUrls !== undefined ? { callbackUrls } : {}),
      ...(logoutUrls !== undefined ? { logoutUrls } : {}),
    },
    logLevel: env.LOG_LEVEL?.trim() || 'info',
  };
}
