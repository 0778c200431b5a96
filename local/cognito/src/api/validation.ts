/**
 * Request validation with the service's wording. The JSON API validates a request's shape
 * before anything else and answers `InvalidParameterException` with
 * `1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member
 * must not be null`; the field schemas here are the API reference's constraints.
 */
import { z } from 'zod';
import { CognitoError } from '../errors.js';
import type { Attributes } from '../pool/attributes.js';
import type { PoolDescription } from '../pool/user-pool.js';

/** The API reference's member names start lower-case in messages (`userPoolId`). */
function memberPath(path: readonly PropertyKey[]): string {
  return path
    .map((part) =>
      typeof part === 'number' ? `${part + 1}.member` : String(part).charAt(0).toLowerCase() + String(part).slice(1),
    )
    .join('.');
}

function constraint(issue: z.core.$ZodIssue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      return input === undefined || input === null
        ? 'Member must not be null'
        : `Member must be of type ${issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length greater than or equal to ${String(issue.minimum)}`
        : `Member must have value greater than or equal to ${String(issue.minimum)}`;
    case 'too_big':
      return issue.origin === 'string' || issue.origin === 'array'
        ? `Member must have length less than or equal to ${String(issue.maximum)}`
        : `Member must have value less than or equal to ${String(issue.maximum)}`;
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue
        ? `Member must satisfy regular expression pattern: ${String(issue.pattern)}`
        : issue.message;
    case 'invalid_value':
      return `Member must satisfy enum value set: [${issue.values.map(String).join(', ')}]`;
    default:
      return issue.message;
  }
}

/**
 * The request if it fits `schema`, else InvalidParameterException listing every problem as
 * the service does.
 *
 * @example
 * const { UserPoolId } = parse(z.object({ UserPoolId: userPoolId }), request);
 */
export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {}, { reportInput: true });
  if (result.success) return result.data;
  const issues = result.error.issues;
  const detail = issues.map((issue) => {
    const value = (issue as { input?: unknown }).input;
    const shown =
      value === undefined || value === null ? 'null' : typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    return `Value ${shown} at '${memberPath(issue.path)}' failed to satisfy constraint: ${constraint(issue, value)}`;
  });
  throw new CognitoError(
    'InvalidParameterException',
    `${issues.length} validation error${issues.length === 1 ? '' : 's'} detected: ${detail.join('; ')}`,
  );
}

export const userPoolId = z
  .string()
  .min(1)
  .max(55)
  .regex(/^[\w-]+_[0-9a-zA-Z]+$/);
export const username = z.string().min(1).max(128);
export const clientId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w+]+$/);
export const secretHash = z.string().min(1).max(128).optional();
export const password = z.string().max(256);
export const accessToken = z.string().min(1);
export const confirmationCode = z.string().min(1).max(2048);
export const clientMetadata = z.record(z.string(), z.string()).optional();
export const attributeType = z.object({ Name: z.string().min(1).max(32), Value: z.string().max(2048).optional() });
export const attributeList = z.array(attributeType);

/** The wire's `[{Name, Value}]` as the pool's name → value map. */
export function attributesOf(list: readonly { Name: string; Value?: string | undefined }[] | undefined): Attributes {
  const out: Attributes = {};
  for (const { Name, Value } of list ?? []) out[Name] = Value ?? '';
  return out;
}

/** ResourceNotFoundException unless `id` is this pool's. */
export function requirePool(pool: Pick<PoolDescription, 'id'>, id: string): void {
  if (id !== pool.id) throw new CognitoError('ResourceNotFoundException', `User pool ${id} does not exist.`);
}
