/**
 * The Cognito Identity Provider JSON API on `POST /`, as the AWS SDK and CLI speak it:
 * `X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`, `application/x-amz-json-1.1`
 * in and out, errors as `400 {"__type": "...", "message": "..."}` with `x-amzn-ErrorType`.
 * SigV4 signatures are accepted without being checked (there are no AWS credentials here), but
 * the pool id and client ids in requests must be this pool's. Each operation is a file of its
 * own under `operations/`; this router only finds it, runs it and writes its answer.
 */
import { randomUUID } from 'node:crypto';
import express, { type Request, type Response, Router } from 'express';
import { CognitoError } from '../errors.js';
import { operations } from './operations/index.js';
import type { Services } from './services.js';

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
const JSON_TYPE = 'application/x-amz-json-1.1';

/** JSON with every `Date` as epoch seconds, the awsJson timestamp format. */
export function toAwsJson(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key: string, value: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : value;
  });
}

function sendError(res: Response, error: CognitoError): void {
  res
    .status(error.status)
    .set('x-amzn-ErrorType', `${error.type}:`)
    .type(JSON_TYPE)
    .send(JSON.stringify({ __type: error.type, message: error.message }));
}

/**
 * The `POST /` route of the JSON API.
 *
 * @example
 * app.use(identityProviderApi(services));
 */
export function identityProviderApi(services: Services): Router {
  const router = Router();
  const handlers = operations(services);
  const json = express.json({ type: () => true, limit: '256kb' });

  router.post('/', (req: Request, res: Response, next) => {
    const target = req.get('x-amz-target') ?? '';
    if (!target.startsWith(TARGET_PREFIX)) {
      return sendError(
        res,
        new CognitoError(
          'UnknownOperationException',
          'X-Amz-Target must be AWSCognitoIdentityProviderService.<Operation>.',
        ),
      );
    }
    json(req, res, (error?: unknown) => {
      if (error)
        return sendError(res, new CognitoError('SerializationException', 'The request body is not valid JSON.'));
      next();
    });
  });

  router.post('/', async (req: Request, res: Response) => {
    const operation = (req.get('x-amz-target') ?? '').slice(TARGET_PREFIX.length);
    const handler = Object.hasOwn(handlers, operation) ? handlers[operation] : undefined;
    res.set('x-amzn-RequestId', randomUUID());
    if (!handler) {
      services.logger.info({ event: 'api', operation }, 'unknown operation');
      return sendError(
        res,
        new CognitoError('UnknownOperationException', `${operation} is not implemented by the local Cognito.`),
      );
    }
    if (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body)) {
      return sendError(res, new CognitoError('SerializationException', 'The request body must be a JSON object.'));
    }
    try {
      const output = await handler(req.body as never);
      services.logger.debug({ event: 'api', operation }, 'operation done');
      res.status(200).type(JSON_TYPE).send(toAwsJson(output));
    } catch (error) {
      if (!(error instanceof CognitoError)) throw error;
      services.logger.info({ event: 'api', operation, error: error.type }, 'operation failed');
      sendError(res, error);
    }
  });

  return router;
}
