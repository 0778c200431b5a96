import { isAbsolute, relative } from 'node:path';
import type { LocalStack } from './local-stack.js';
import { signInUrl } from './pages.js';

function dataFolder(stack: LocalStack): string {
  if (stack.dataDir === undefined) return '(in memory: nothing survives a restart)';
  const shown = relative(process.cwd(), stack.dataDir) || '.';
  return shown.startsWith('..') || isAbsolute(shown) ? stack.dataDir : shown;
}

function table(stack: LocalStack): string {
  if (stack.dynamoDb) return `${stack.dynamoDb.endpoint}  (embedded emulator, table ${stack.dynamoDb.tableName})`;
  return stack.store === 'memory'
    ? '(not started: NOTES_STORE=memory)'
    : `table ${stack.tableName} (NOTES_STORE=dynamodb, your table)`;
}

const PARTS = {
  COGNITO_USER_POOLS: "the tutorial's Part VI",
  TOKEN: "the tutorial's Part VIII",
  REQUEST: "the tutorial's Part VIII",
} as const;

/** The authorizers the template puts in front of the methods, as it states them. */
function authorizers(stack: LocalStack): string {
  const run = stack.template;
  if (run === undefined) return '';
  return run.api.authorizers
    .map((authorizer) =>
      authorizer.kind === 'COGNITO_USER_POOLS'
        ? `Cognito user pool authorizer (${authorizer.name}), ${PARTS[authorizer.kind]}`
        : `Lambda authorizer, ${authorizer.kind} (${authorizer.name}), results cached ${authorizer.resultTtlSeconds} s, ${PARTS[authorizer.kind]}`,
    )
    .join('; ');
}

function api(stack: LocalStack): string {
  if (stack.apiRuntime === 'lambda') {
    return `${stack.invokeUrl}  (Lambda runtime: the synthesized template's functions behind the local API Gateway, stage ${stack.template?.stage ?? ''})
  Authorizer     ${authorizers(stack)}  (AUTHORIZER=cognito|token|request)
  Template       ${stack.template?.templatePath ?? ''}`;
  }
  return `${stack.apiUrl}  (Express runtime; also at ${stack.invokeUrl}, like the tutorial's stage; /health, /openapi.json)
                 API_RUNTIME=lambda runs the Lambda bundles behind a local API Gateway instead`;
}

/** What a person sees once `npm start` is up: where everything is, and what to do next. */
export function banner(stack: LocalStack): string {
  const { cognito } = stack;
  const services = `
Secure Notes — the stack is up.

  Notes API      ${api(stack)}
${stack.web ? `  Web app        ${stack.web.url}  ${stack.web.built ? '(the notes app in a browser: open it and sign in)' : '(not built: pnpm --filter @secure-notes/web build)'}\n` : ''}  Cognito        ${cognito ? `${cognito.url}  (managed login, /oauth2/*, and the Cognito API for the AWS SDK and CLI)` : '(your user pool: COGNITO_USER_POOL_ID)'}
  DynamoDB       ${table(stack)}
  S3             ${stack.s3.endpoint}/${stack.s3.bucket}  (local S3 of attachments; S3_PORT)
  Data           ${dataFolder(stack)}
${stack.notices.map((notice) => `  Note           ${notice}\n`).join('')}`;
  if (!cognito) {
    return `${services}
Sign in with your user pool's managed login and call the API with the id_token:
  curl ${stack.invokeUrl}/notes -H "Authorization: YOUR_ID_TOKEN"

Press Ctrl+C to stop.
`;
  }
  const signIn = signInUrl({
    cognitoUrl: cognito.url,
    clientId: cognito.clientId,
    clientSecret: cognito.clientSecret,
    callbackUrl: stack.callbackUrl,
    apiUrl: stack.apiUrl,
  });
  return `${services}
  User pool id   ${cognito.userPoolId}
  App client id  ${cognito.clientId}  (its secret is on the /callback page after sign-in)
  Issuer         ${cognito.issuer}

No AWS account is involved.${
    stack.web
      ? `
Open the app at ${stack.web.url} and sign in with a user from step 1 below; or follow the
tutorial from Part II:`
      : ' Follow the tutorial from Part II:'
  }
  1. Create a user (Part II). In another terminal:
       npm run user -- create you@example.com "Your Name"
     It prints the invitation with the temporary password. Add --admin to put the user in the admin group.
  2. Sign in with managed login (Part III). Open:
       ${signIn}
     Sign in with the temporary password and choose a new one. The callback page shows the
     authorization code and the exact curl command that exchanges it for tokens.
  3. Call the API with the id_token (Part VII):
       curl -X POST ${stack.invokeUrl}/notes -H "Authorization: YOUR_ID_TOKEN" \\
         -d '{"title": "My first note", "content": "Hello world"}'
       curl ${stack.invokeUrl}/notes -H "Authorization: YOUR_ID_TOKEN"

Press Ctrl+C to stop; your users and notes are kept for the next start.
`;
}
