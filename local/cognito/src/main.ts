/**
 * The local Cognito as a command: `node local/cognito/dist/main.js`. Settings come from
 * the environment (see `readCliConfig`); it prints where everything is and runs until stopped.
 * The client secret is not printed (it is a secret even here): read it with
 * DescribeUserPoolClient, or from the data folder's pool.json.
 */
import { stopOnSignals } from '@secure-notes/service-kit';
import { ConfigError } from '@secure-notes/service-kit/config';
import { readCliConfig } from './config.js';
import { createDefaultLogger } from './logger.js';
import { startLocalCognito } from './server.js';

async function main(): Promise<void> {
  const config = readCliConfig(process.env);
  const logger = createDefaultLogger({ level: config.logLevel });
  const cognito = await startLocalCognito({ ...config.options, logger });
  const lines = [
    'Local Cognito is running.',
    `  URL (managed login, OAuth 2.0, JSON API): ${cognito.url}`,
    `  Region:          ${cognito.region}`,
    `  User pool id:    ${cognito.userPoolId}`,
    `  Issuer:          ${cognito.issuer}`,
    `  JWKS:            ${cognito.jwksUri}`,
    `  Discovery:       ${cognito.issuer}/.well-known/openid-configuration`,
    `  App client id:   ${cognito.clientId} (client secret: DescribeUserPoolClient, or pool.json in the data folder)`,
    `  M2M client id:   ${cognito.m2mClientId}`,
    `  Data folder:     ${config.options.dataDir ?? 'none (in memory)'}`,
    `  Sign in:         ${cognito.url}/login?client_id=${cognito.clientId}&response_type=code&scope=email+openid+profile&redirect_uri=${encodeURIComponent((config.options.callbackUrls ?? ['http://localhost:3000/callback'])[0] ?? '')}`,
    '  SDK:             new CognitoIdentityProviderClient({ endpoint: URL above, region, credentials: any })',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  stopOnSignals(() => cognito.close(), { onSignal: (signal) => logger.info({ signal }, 'stopping') });
}

main().catch((error: unknown) => {
  // A configuration problem is printed as it is: its message already says what to set.
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else
    process.stderr.write(`local Cognito failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
