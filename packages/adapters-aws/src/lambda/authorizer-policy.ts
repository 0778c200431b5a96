/**
 * The IAM policy a custom Lambda authorizer returns, built so that it stays right under API
 * Gateway's cache. The cache keeps one policy per token (TOKEN) or per identity sources
 * (REQUEST) and applies it to every later call with that key, on any method: a policy that
 * allows only the `methodArn` of the first call (the tutorial's demo does that for non-admins)
 * makes every other method 403 until the entry expires. So the policy names every method of the
 * route table the caller may call, and explicitly denies the admin routes to anyone outside the
 * `admin` group, whatever `methodArn` triggered it.
 */
import { ADMIN_GROUP, type Principal, SCOPE_FOR } from '@secure-notes/domain';
import { NOTES_ROUTES, type NotesRoute } from '@secure-notes/http-api';

export interface PolicyStatement {
  readonly Action: 'execute-api:Invoke';
  readonly Effect: 'Allow' | 'Deny';
  readonly Resource: readonly string[];
}

export interface AuthorizerPolicy {
  readonly Version: '2012-10-17';
  readonly Statement: readonly PolicyStatement[];
}

/** `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{VERB}/{path}` split at the stage. */
const METHOD_ARN = /^(arn:[^:]+:execute-api:[^:]+:[^:]+:[^/]+\/[^/]+)\/[A-Z*]+(\/.*)?$/;

/**
 * The `arn:…:{apiId}/{stage}` part of a method ARN, or `undefined` when it is not one.
 *
 * @example
 * stageArnOf('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/GET/notes') // 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev'
 */
export function stageArnOf(methodArn: string): string | undefined {
  return METHOD_ARN.exec(methodArn)?.[1];
}

/** A route's method ARN with every path parameter as `*`: `…/dev/GET/notes/*`. */
export function routeArn(stageArn: string, route: NotesRoute): string {
  return `${stageArn}/${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`;
}

/** Whether the principal's token may call the route at all (ID tokens: every route; access tokens: by scope). */
function tokenAllows(principal: Principal, route: NotesRoute): boolean {
  return principal.tokenUse === 'id' || principal.scopes.includes(SCOPE_FOR[route.access]);
}

/**
 * The policy for a verified principal, covering every route of the API.
 *
 * @example
 * policyFor(principal, 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev')
 */
export function policyFor(principal: Principal, stageArn: string): AuthorizerPolicy {
  const isAdmin = principal.groups.includes(ADMIN_GROUP);
  const allowed: string[] = [];
  const denied: string[] = [];
  for (const route of NOTES_ROUTES) {
    if (route.adminOnly && !isAdmin) denied.push(routeArn(stageArn, route));
    else if (tokenAllows(principal, route)) allowed.push(routeArn(stageArn, route));
  }
  const statements: PolicyStatement[] = [];
  if (allowed.length > 0) statements.push({ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: allowed });
  if (denied.length > 0) statements.push({ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: denied });
  return { Version: '2012-10-17', Statement: statements };
}
