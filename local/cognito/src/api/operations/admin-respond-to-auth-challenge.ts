/** AdminRespondToAuthChallenge: answers NEW_PASSWORD_REQUIRED from AdminInitiateAuth. */
import type {
  AdminRespondToAuthChallengeRequest,
  AdminRespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { answerNewPasswordChallenge } from '../auth-flows.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse, requirePool, userPoolId } from '../validation.js';

const schema = z.object({
  UserPoolId: userPoolId,
  ClientId: clientId,
  ChallengeName: z.string().min(1),
  Session: z.string().max(2048).optional(),
  ChallengeResponses: z.record(z.string(), z.string()).optional(),
  ClientMetadata: clientMetadata,
  AnalyticsMetadata: z.unknown().optional(),
  ContextData: z.unknown().optional(),
});

export function adminRespondToAuthChallenge(
  services: Pick<Services, 'pool' | 'clients' | 'users' | 'signIns' | 'tokens' | 'challenges' | 'logger'>,
): Operation<AdminRespondToAuthChallengeRequest, AdminRespondToAuthChallengeResponse> {
  return async (request) => {
    const input = parse(schema, request);
    requirePool(services.pool, input.UserPoolId);
    const client = services.clients.require(input.ClientId);
    return answerNewPasswordChallenge(services, client, input, 'admin');
  };
}
