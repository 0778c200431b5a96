export { AuthorizerCache } from './authorizer-cache.js';
export type {
  AuthorizerDefinition,
  CognitoAuthorizerDefinition,
  RequestAuthorizerDefinition,
  TokenAuthorizerDefinition,
} from './authorizers.js';
export { claimsAsStrings, javaDateOf } from './cognito-authorizer.js';
export type { GatewayCorsConfig } from './cors.js';
export { GATEWAY_RESPONSES, type GatewayResponse, type GatewayResponseType } from './gateway-responses.js';
export {
  type AuthorizerResult,
  arnMatches,
  evaluatePolicy,
  MalformedAuthorizerResultError,
  type PolicyDecision,
  type PolicyDocument,
  type PolicyStatement,
  parseAuthorizerResult,
} from './iam-policy.js';
export {
  DEFAULT_INIT_TIMEOUT_MS,
  type FunctionLogLine,
  type FunctionLogSink,
  type InvocationFailure,
  type InvocationOutcome,
  LAMBDA_PAYLOAD_LIMIT_BYTES,
  LambdaFunction,
  type LambdaFunctionConfig,
} from './lambda/lambda-function.js';
export { DEFAULT_RESULT_TTL_SECONDS } from './lambda-authorizer.js';
export {
  DEFAULT_INTEGRATION_TIMEOUT_MS,
  DEFAULT_PAYLOAD_LIMIT_BYTES,
  type GatewayEventRecord,
  type GatewayLogger,
  type GatewayMethod,
  type GatewayRoute,
  type LocalApiGateway,
  type LocalApiGatewayOptions,
  startLocalApiGateway,
} from './local-api-gateway.js';
export { MalformedProxyResultError, type ProxyResponse, parseProxyResult } from './proxy-result.js';
