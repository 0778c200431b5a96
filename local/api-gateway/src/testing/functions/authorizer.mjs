// A Lambda authorizer (TOKEN or REQUEST) for the gateway's tests: the token says what to do.
// `first-only:<id>` allows only the method ARN it was called for (the tutorial's demo, wrong
// under the cache); `all:<id>` allows every method; `deny-admin:<id>` allows every method but
// denies `/admin/*`; `deny:<id>` denies everything; `unauthorized` throws Unauthorized;
// `broken` throws another error; `malformed` returns no policy; `hang` never answers.
export const handler = async (event) => {
  const header = Object.entries(event.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization');
  const token = (event.type === 'TOKEN' ? event.authorizationToken : (header?.[1] ?? '')).replace(/^Bearer /, '');
  const [kind, id = 'anonymous'] = token.split(':');
  const stageArn = event.methodArn.split('/').slice(0, 2).join('/');
  const result = (statements) => ({
    principalId: id,
    policyDocument: { Version: '2012-10-17', Statement: statements },
    context: { tokenId: id, number: 7, flag: true },
  });
  const statement = (Effect, Resource) => ({ Action: 'execute-api:Invoke', Effect, Resource });
  switch (kind) {
    case 'first-only':
      return result([statement('Allow', event.methodArn)]);
    case 'all':
      return result([statement('Allow', `${stageArn}/*`)]);
    case 'deny-admin':
      return result([statement('Allow', [`${stageArn}/*`]), statement('Deny', `${stageArn}/*/admin/*`)]);
    case 'deny':
      return result([statement('Deny', `${stageArn}/*`)]);
    case 'unauthorized':
      throw new Error('Unauthorized');
    case 'broken':
      throw new Error('the user store is down');
    case 'malformed':
      return { principalId: id };
    case 'hang':
      return new Promise(() => {});
    default:
      throw new Error('Unauthorized');
  }
};
