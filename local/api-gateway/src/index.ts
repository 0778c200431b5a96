export type { AuthorizerDefinition } from './authorizers.js';
export { LambdaFunction } from './lambda/lambda-function.js';
export { type GatewayRoute, type LocalApiGateway, startLocalApiGateway } from './local-api-gateway.js';
