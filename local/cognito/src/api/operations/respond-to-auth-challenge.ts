/** RespondToAuthChallenge: answers NEW_PASSWORD_REQUIRED from InitiateAuth with a new password. */
import type {
  RespondToAuthChallengeRequest,
  RespondToAuthChallengeResponse,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';
import { answerNewPasswordChallenge } from '../auth-flows.js';
import type { Operation, Services } from '../services.js';
import { clientId, clientMetadata, parse } from '../validation.js';

const schema = z.object({
  ClientId: clientId,
  ChallengeName: z.string().min(1),
  Session: z.string().max(2048).optional(),
  ChallengeResponses: z.record(z.string(), z.string()).optional(),
  ClientMetadata: clientMetadata,
});

export function respondToAuthChallenge(
  services: Pick<Services, 'clients' | 'users' | 'signIns' | 'tokens' | 'challenges' | 'logger'>,
): Operation<RespondToAuthChallengeRequest, RespondToAuthChallengeResponse> {
  return async (request) => {
    const input = parse(schema, request);
    const client = services.clients.require(input.ClientId);
    return answerNewPasswordChallenge(services, client, input, 'client');
  };
}
