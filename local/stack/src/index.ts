export { banner } from './banner.js';
export {
  AUTHORIZER_CACHE_TTL_SECONDS,
  AUTHORIZER_MODES,
  type AuthorizerMode,
  assertBundlesBuilt,
  LAMBDA_BUNDLES,
  type LambdaApiOptions,
  LOCAL_ENVIRONMENT,
  STAGE,
  startLambdaApi,
} from './lambda-runtime.js';
export {
  type ApiRuntime,
  LOCAL_STACK_DEFAULTS,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from './local-stack.js';
export { type PagesOptions, pagesRouter, signInUrl, tokenExchangeCommand } from './pages.js';
export {
  localSecretArn,
  type SecretsManagerStandIn,
  type StandInSecret,
  startSecretsManagerStandIn,
} from './secrets-manager-stand-in.js';
export { runUserCli, temporaryPassword } from './user-cli.js';
