/**
 * What a Lambda authorizer returns, checked the way API Gateway checks it, and its policy
 * evaluated the way IAM evaluates it: against the method ARN of the request at hand, which is
 * not always the request that produced the policy, since API Gateway caches the result and
 * applies it to every method called with the same token. A bad authorizer (a policy that covers
 * only the first method it saw) therefore fails locally exactly as it fails on AWS.
 *
 * IAM's rules, as far as an `execute-api:Invoke` policy uses them:
 * - a Resource is matched against the whole ARN, case-sensitively; `*` matches any run of
 *   characters, `/` and `:` included, and `?` exactly one character;
 * - an Action is matched the same way but case-insensitively (`execute-api:*`, `*`);
 * - an explicit Deny that matches wins over any Allow; with no matching Allow the answer is an
 *   implicit deny.
 */

export type PolicyEffect = 'Allow' | 'Deny';

export interface PolicyStatement {
  readonly Effect: PolicyEffect;
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
}

export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** `allow`: a statement allows it and none denies it. `deny`: a statement denies it. `implicit-deny`: nothing allows it. */
export type PolicyDecision = 'allow' | 'deny' | 'implicit-deny';

/** The context values API Gateway passes on: strings, numbers and booleans only. */
export type AuthorizerContext = Readonly<Record<string, string | number | boolean>>;

/** A Lambda authorizer's result once API Gateway has accepted its shape. */
export interface AuthorizerResult {
  readonly principalId: string;
  readonly policyDocument: PolicyDocument;
  readonly context: AuthorizerContext;
  readonly usageIdentifierKey?: string;
}

/** An authorizer result API Gateway would refuse (it answers 500, `AuthorizerConfigurationException`). */
export class MalformedAuthorizerResultError extends Error {
  override readonly name = 'MalformedAuthorizerResultError';
}

const patterns = new Map<string, RegExp>();

function wildcardRegExp(pattern: string, caseInsensitive: boolean): RegExp {
  const key = `${caseInsensitive ? 'i' : 's'}${pattern}`;
  let regexp = patterns.get(key);
  if (regexp === undefined) {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
      .join('');
    regexp = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
    if (patterns.size > 10_000) patterns.clear();
    patterns.set(key, regexp);
  }
  return regexp;
}

/**
 * Whether `arn` matches an IAM Resource `pattern` (`*` any run of characters, `?` one character, case-sensitive).
 *
 * @example
 * arnMatches('arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/notes/*', 'arn:aws:execute-api:us-east-1:123456789012:abc/dev/GET/notes/42') // true
 * arnMatches('arn:aws:execute-api:*:*:abc/dev/G?T/*', 'arn:aws:execute-api:eu-west-1:1:abc/dev/GET/notes') // true
 */
export function arnMatches(pattern: string, arn: string): boolean {
  return wildcardRegExp(pattern, false).test(arn);
}

/**
 * Whether `action` matches an IAM Action `pattern` (wildcards as for ARNs, case-insensitive).
 *
 * @example
 * actionMatches('execute-api:*', 'execute-api:Invoke') // true
 */
export function actionMatches(pattern: string, action: string): boolean {
  return wildcardRegExp(pattern, true).test(action);
}

function list(value: string | readonly string[] | undefined): readonly string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : value;
}

function statementApplies(statement: PolicyStatement, methodArn: string, action: string): boolean {
  const actionApplies =
    statement.NotAction !== undefined
      ? !list(statement.NotAction).some((p) => actionMatches(p, action))
      : list(statement.Action).some((p) => actionMatches(p, action));
  if (!actionApplies) return false;
  return statement.NotResource !== undefined
    ? !list(statement.NotResource).some((p) => arnMatches(p, methodArn))
    : list(statement.Resource).some((p) => arnMatches(p, methodArn));
}

/**
 * Evaluates a policy for one method ARN: an explicit Deny wins, then an Allow, else an implicit deny.
 *
 * @example
 * evaluatePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*:*:abc/dev/GET/*' }] },
 *   'arn:aws:execute-api:us-east-1:123456789012:abc/dev/POST/notes') // 'implicit-deny'
 */
export function evaluatePolicy(
  policy: PolicyDocument,
  methodArn: string,
  action = 'execute-api:Invoke',
): PolicyDecision {
  let allowed = false;
  for (const statement of policy.Statement) {
    if (!statementApplies(statement, methodArn, action)) continue;
    if (statement.Effect === 'Deny') return 'deny';
    allowed = true;
  }
  return allowed ? 'allow' : 'implicit-deny';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringOrList(value: unknown, where: string): string | readonly string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length > 0 && value.every((item) => typeof item === 'string')) return value;
  throw new MalformedAuthorizerResultError(`${where} must be a string or a non-empty list of strings`);
}

function parseStatement(value: unknown, index: number): PolicyStatement {
  const where = `policyDocument.Statement[${index}]`;
  if (!isRecord(value)) throw new MalformedAuthorizerResultError(`${where} is not an object`);
  if (value.Effect !== 'Allow' && value.Effect !== 'Deny') {
    throw new MalformedAuthorizerResultError(`${where}.Effect must be "Allow" or "Deny"`);
  }
  if (value.Condition !== undefined) {
    throw new MalformedAuthorizerResultError(
      `${where} has a Condition, which the local API Gateway does not evaluate; return a policy without conditions`,
    );
  }
  const Action = stringOrList(value.Action, `${where}.Action`);
  const NotAction = stringOrList(value.NotAction, `${where}.NotAction`);
  const Resource = stringOrList(value.Resource, `${where}.Resource`);
  const NotResource = stringOrList(value.NotResource, `${where}.NotResource`);
  if ((Action === undefined) === (NotAction === undefined)) {
    throw new MalformedAuthorizerResultError(`${where} needs exactly one of Action and NotAction`);
  }
  if ((Resource === undefined) === (NotResource === undefined)) {
    throw new MalformedAuthorizerResultError(`${where} needs exactly one of Resource and NotResource`);
  }
  return {
    Effect: value.Effect,
    ...(Action === undefined ? {} : { Action }),
    ...(NotAction === undefined ? {} : { NotAction }),
    ...(Resource === undefined ? {} : { Resource }),
    ...(NotResource === undefined ? {} : { NotResource }),
  };
}

/**
 * Checks a Lambda authorizer's result as API Gateway does: a `principalId`, a `policyDocument`
 * with statements, and a `context` of strings, numbers and booleans only. Throws
 * `MalformedAuthorizerResultError` saying what is wrong.
 *
 * @example
 * parseAuthorizerResult({ principalId: 'user', policyDocument: { Version: '2012-10-17', Statement: [...] }, context: { tier: 'gold' } })
 */
export function parseAuthorizerResult(value: unknown): AuthorizerResult {
  if (!isRecord(value)) throw new MalformedAuthorizerResultError('the result is not an object');
  const { principalId, policyDocument, context, usageIdentifierKey } = value;
  if (typeof principalId !== 'string' || principalId === '') {
    throw new MalformedAuthorizerResultError('principalId must be a non-empty string');
  }
  if (!isRecord(policyDocument)) throw new MalformedAuthorizerResultError('policyDocument is missing');
  if (policyDocument.Version !== undefined && typeof policyDocument.Version !== 'string') {
    throw new MalformedAuthorizerResultError('policyDocument.Version must be a string');
  }
  const statements = isRecord(policyDocument.Statement) ? [policyDocument.Statement] : policyDocument.Statement;
  if (!Array.isArray(statements)) throw new MalformedAuthorizerResultError('policyDocument.Statement is missing');
  const parsedContext: Record<string, string | number | boolean> = {};
  if (context !== undefined && context !== null) {
    if (!isRecord(context)) throw new MalformedAuthorizerResultError('context must be an object');
    for (const [key, item] of Object.entries(context)) {
      if (item === null || item === undefined) continue;
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new MalformedAuthorizerResultError(
          `context.${key} is ${Array.isArray(item) ? 'an array' : 'an object'}; context values must be strings, numbers or booleans`,
        );
      }
      parsedContext[key] = item;
    }
  }
  if (usageIdentifierKey !== undefined && typeof usageIdentifierKey !== 'string') {
    throw new MalformedAuthorizerResultError('usageIdentifierKey must be a string');
  }
  return {
    principalId,
    policyDocument: {
      ...(typeof policyDocument.Version === 'string' ? { Version: policyDocument.Version } : {}),
      Statement: statements.map(parseStatement),
    },
    context: parsedContext,
    ...(usageIdentifierKey === undefined ? {} : { usageIdentifierKey }),
  };
}
