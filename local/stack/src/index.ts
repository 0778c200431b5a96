export { banner } from './banner.js';
export {
  API_ORIGIN_PLACEHOLDER,
  AUTHORIZER_CACHE_TTL_SECONDS,
  AUTHORIZER_MODES,
  type AuthorizerMode,
  assertBundlesBuilt,
  type GatewayLimits,
  LAMBDA_BUNDLES,
  type LambdaApi,
  type LambdaApiOptions,
  LOCAL_ENVIRONMENT,
  STAGE,
  startLambdaApi,
  type TemplateRun,
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
export { type SynthesizedTemplate, synthesizedTemplate } from './template/synth-cache.js';
export { runUserCli, temporaryPassword } from './user-cli.js';
