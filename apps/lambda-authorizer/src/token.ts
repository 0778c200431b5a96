/** The TOKEN authorizer's entrypoint (handler `index.handler`): composed at init, keys loaded. */
import type { AuthorizerResult } from '@secure-notes/adapters-aws/lambda';
import type { APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { composeAuthorizerFunction } from './composition.js';

export const handler: (event: APIGatewayTokenAuthorizerEvent) => Promise<AuthorizerResult> =
  await composeAuthorizerFunction('TOKEN', process.env);
