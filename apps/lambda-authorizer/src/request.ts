/** The REQUEST authorizer's entrypoint (handler `index.handler`): composed at init, keys loaded. */
import type { AuthorizerResult } from '@secure-notes/adapters-aws/lambda';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { composeAuthorizerFunction } from './composition.js';

export const handler: (event: APIGatewayRequestAuthorizerEvent) => Promise<AuthorizerResult> =
  await composeAuthorizerFunction('REQUEST', process.env);
