/**
 * The one Secrets Manager call the deployed notes function makes, answered locally: the function
 * reads its page-token secret at init with `GetSecretValue` (through Powertools Parameters and
 * the SDK), and the SDK sends it wherever `AWS_ENDPOINT_URL_SECRETS_MANAGER` points. So the
 * bundle that deploys runs here unchanged, with no secret value in its environment, while this
 * endpoint serves the secrets it was given, by ARN or by name, over the AWS JSON 1.1 protocol.
 * Any other operation, or an unknown secret, is the error Secrets Manager gives.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback } from '@secure-notes/service-kit';

export interface StandInSecret {
  /** The secret's ARN, as the function's environment names it. */
  readonly arn: string;
  readonly name: string;
  readonly value: string;
}

export interface SecretsManagerStandIn {
  /** `http://127.0.0.1:{port}`: the value of `AWS_ENDPOINT_URL_SECRETS_MANAGER`. */
  readonly endpoint: string;
  /** How many `GetSecretValue` calls it has answered, by secret name. */
  readonly reads: ReadonlyMap<string, number>;
  close(): Promise<void>;
}

/** A local secret's ARN, in the form Secrets Manager gives (a name, then six random characters). */
export function localSecretArn(region: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:000000000000:secret:${name}-LOCAL0`;
}

function answer(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.1' }).end(JSON.stringify(body));
}

function failure(res: ServerResponse, type: string, message: string): void {
  answer(res, 400, { __type: type, message });
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Serves `GetSecretValue` for the given secrets on a loopback port of its own.
 *
 * @example
 * const secrets = await startSecretsManagerStandIn([{ arn, name: 'cursor', value }]);
 * // AWS_ENDPOINT_URL_SECRETS_MANAGER=secrets.endpoint NOTES_CURSOR_SECRET_ID=arn
 */
export async function startSecretsManagerStandIn(secrets: readonly StandInSecret[]): Promise<SecretsManagerStandIn> {
  const reads = new Map<string, number>();
  const server = createServer(async (req, res) => {
    try {
      const target = req.headers['x-amz-target'];
      const text = await bodyOf(req);
      if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
        failure(res, 'UnknownOperationException', `The local stack answers GetSecretValue only, not ${String(target)}`);
        return;
      }
      let secretId: unknown;
      try {
        secretId = (JSON.parse(text) as { SecretId?: unknown }).SecretId;
      } catch {
        failure(res, 'SerializationException', 'The request body is not JSON');
        return;
      }
      const secret = secrets.find((candidate) => candidate.arn === secretId || candidate.name === secretId);
      if (secret === undefined) {
        failure(res, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
        return;
      }
      reads.set(secret.name, (reads.get(secret.name) ?? 0) + 1);
      answer(res, 200, {
        ARN: secret.arn,
        Name: secret.name,
        SecretString: secret.value,
        VersionId: '00000000-0000-4000-8000-000000000000',
        VersionStages: ['AWSCURRENT'],
        CreatedDate: 0,
      });
    } catch {
      if (!res.headersSent) failure(res, 'InternalServiceError', 'The local Secrets Manager stand-in failed');
    }
  });
  const port = await listenOnLoopback(server, 'the local Secrets Manager stand-in');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    reads,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
