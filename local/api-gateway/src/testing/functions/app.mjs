// A proxy integration for the gateway's tests. It answers with what it was given (the event,
// the context, its environment) and which instance served it, and misbehaves on request:
// `?behave=throw|malformed|object-body|hang|exit|big|log` or `?gate=<url>` (waits for that URL to
// answer, so a test can hold several invocations in flight without sleeping).
import { randomUUID } from 'node:crypto';

const instance = randomUUID();
const loadedAt = Date.now();
let served = 0;

export const handler = async (event, context) => {
  served += 1;
  const query = event.queryStringParameters ?? {};
  switch (query.behave) {
    case 'throw':
      throw new TypeError('the handler failed on purpose');
    case 'malformed':
      return { statusCode: 200, body: 'fine', extra: 'not allowed' };
    case 'object-body':
      return { statusCode: 200, body: { not: 'a string' } };
    case 'hang':
      return new Promise(() => {});
    case 'exit':
      process.exit(3);
      break;
    case 'big':
      return { statusCode: 200, body: 'x'.repeat(7 * 1024 * 1024) };
    case 'log':
      console.log('a line from the function', { requestId: context.awsRequestId });
      break;
    default:
  }
  if (query.gate) await fetch(query.gate);
  return {
    statusCode: Number(query.status ?? 200),
    headers: { 'Content-Type': 'application/json', 'X-Instance': instance },
    multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
    body: JSON.stringify({
      event,
      instance,
      loadedAt,
      served,
      context: {
        awsRequestId: context.awsRequestId,
        functionName: context.functionName,
        memoryLimitInMB: context.memoryLimitInMB,
        remainingMs: context.getRemainingTimeInMillis(),
      },
      env: {
        NOTES_TABLE: process.env.NOTES_TABLE,
        AWS_LAMBDA_FUNCTION_NAME: process.env.AWS_LAMBDA_FUNCTION_NAME,
        HOME: process.env.HOME,
      },
    }),
  };
};
