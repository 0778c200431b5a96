import { describe, expect, it } from 'vitest';
import {
  arnMatches,
  evaluatePolicy,
  MalformedAuthorizerResultError,
  type PolicyDecision,
  type PolicyStatement,
  parseAuthorizerResult,
} from './iam-policy.js';

const STAGE = 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev';
const arn = (verbPath: string) => `${STAGE}/${verbPath}`;
const allow = (...Resource: string[]): PolicyStatement => ({
  Effect: 'Allow',
  Action: 'execute-api:Invoke',
  Resource,
});
const deny = (...Resource: string[]): PolicyStatement => ({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource });

describe('arnMatches', () => {
  const cases: [pattern: string, arn: string, matches: boolean][] = [
    [arn('GET/notes'), arn('GET/notes'), true],
    [arn('GET/notes'), arn('GET/notes/1'), false],
    [arn('GET/notes'), arn('get/notes'), false],
    [arn('GET/notes/*'), arn('GET/notes/01J0ABC'), true],
    [arn('GET/notes/*'), arn('GET/notes/'), true],
    [arn('GET/notes/*'), arn('GET/notes'), false],
    [arn('*/notes'), arn('DELETE/notes'), true],
    [arn('*'), arn('PATCH/notes/1'), true],
    [`${STAGE}/*/*`, arn('GET/notes'), true],
    [`${STAGE}/*/*`, arn('GET/admin/users/u/notes'), true],
    [arn('GET/*/notes'), arn('GET/admin/users/u/notes'), true],
    [arn('G?T/notes'), arn('GET/notes'), true],
    [arn('G?T/notes'), arn('GEET/notes'), false],
    [arn('GET/notes/??'), arn('GET/notes/42'), true],
    [arn('GET/notes/??'), arn('GET/notes/420'), false],
    ['arn:aws:execute-api:*:*:abc123/*', arn('POST/notes'), true],
    ['arn:aws:execute-api:eu-west-1:*:abc123/*', arn('POST/notes'), false],
    ['arn:aws:execute-api:*:*:other/*', arn('POST/notes'), false],
    [arn('GET/notes.json'), arn('GET/notesXjson'), false],
    [arn('GET/notes(1)'), arn('GET/notes(1)'), true],
    [arn('GET/a+b'), arn('GET/aab'), false],
  ];

  it.each(cases)('%s against %s: %s', (pattern, candidate, matches) => {
    expect(arnMatches(pattern, candidate)).toBe(matches);
  });
});

describe('evaluatePolicy', () => {
  const cases: [name: string, statements: PolicyStatement[], methodArn: string, decision: PolicyDecision][] = [
    ['an exact Allow', [allow(arn('GET/notes'))], arn('GET/notes'), 'allow'],
    ['an Allow for another method only', [allow(arn('GET/notes'))], arn('POST/notes'), 'implicit-deny'],
    ['no statement at all', [], arn('GET/notes'), 'implicit-deny'],
    ['an Allow with a wildcard path', [allow(arn('GET/notes/*'))], arn('GET/notes/42'), 'allow'],
    ['an Allow with a wildcard verb', [allow(arn('*/notes/*'))], arn('DELETE/notes/42'), 'allow'],
    ['an Allow in a list of resources', [allow(arn('GET/notes'), arn('POST/notes'))], arn('POST/notes'), 'allow'],
    ['a Deny over an Allow', [allow(`${STAGE}/*`), deny(arn('GET/admin/*'))], arn('GET/admin/users/u/notes'), 'deny'],
    ['a Deny listed first', [deny(arn('GET/admin/*')), allow(`${STAGE}/*`)], arn('GET/admin/users/u/notes'), 'deny'],
    ['a Deny that does not match', [allow(`${STAGE}/*`), deny(arn('GET/admin/*'))], arn('GET/notes'), 'allow'],
    ['a Deny alone', [deny(arn('GET/notes'))], arn('GET/notes'), 'deny'],
    [
      'Allows in several statements',
      [allow(arn('GET/notes')), allow(arn('PATCH/notes/*'))],
      arn('PATCH/notes/1'),
      'allow',
    ],
    [
      'an Allow for another action',
      [{ Effect: 'Allow', Action: 'execute-api:ManageConnections', Resource: `${STAGE}/*` }],
      arn('GET/notes'),
      'implicit-deny',
    ],
    [
      'an Action wildcard, any case',
      [{ Effect: 'Allow', Action: 'Execute-API:*', Resource: `${STAGE}/*` }],
      arn('GET/notes'),
      'allow',
    ],
    ['Action *', [{ Effect: 'Allow', Action: '*', Resource: '*' }], arn('GET/notes'), 'allow'],
    [
      'NotResource excludes the admin routes',
      [{ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: arn('*/admin/*') }],
      arn('GET/admin/users/u/notes'),
      'implicit-deny',
    ],
    [
      'NotResource lets the rest through',
      [{ Effect: 'Allow', Action: 'execute-api:Invoke', NotResource: arn('*/admin/*') }],
      arn('GET/notes'),
      'allow',
    ],
    [
      'a Deny with NotAction of Invoke does not touch Invoke',
      [allow('*'), { Effect: 'Deny', NotAction: 'execute-api:Invoke', Resource: '*' }],
      arn('GET/notes'),
      'allow',
    ],
  ];

  it.each(cases)('%s', (_name, statements, methodArn, decision) => {
    expect(evaluatePolicy({ Version: '2012-10-17', Statement: statements }, methodArn)).toBe(decision);
  });
});

describe('parseAuthorizerResult', () => {
  const policy = { Version: '2012-10-17', Statement: [allow(`${STAGE}/*`)] };

  it('accepts a result with a context of strings, numbers and booleans, and a single statement object', () => {
    const result = parseAuthorizerResult({
      principalId: 'user-1',
      policyDocument: { Version: '2012-10-17', Statement: allow(`${STAGE}/*`) },
      context: { tier: 'gold', count: 3, admin: false, skipped: null },
    });

    expect(result).toEqual({
      principalId: 'user-1',
      policyDocument: policy,
      context: { tier: 'gold', count: 3, admin: false },
    });
  });

  const malformed: [string, unknown, RegExp][] = [
    ['not an object', 'Allow', /not an object/],
    ['no principalId', { policyDocument: policy }, /principalId/],
    ['no policy', { principalId: 'u' }, /policyDocument is missing/],
    ['no statements', { principalId: 'u', policyDocument: { Version: '2012-10-17' } }, /Statement is missing/],
    [
      'a lower-case effect',
      { principalId: 'u', policyDocument: { Statement: [{ ...allow('*'), Effect: 'allow' }] } },
      /Effect/,
    ],
    [
      'no resource',
      { principalId: 'u', policyDocument: { Statement: [{ Effect: 'Allow', Action: '*' }] } },
      /Resource/,
    ],
    ['an object in the context', { principalId: 'u', policyDocument: policy, context: { groups: ['a'] } }, /array/],
    [
      'a condition',
      { principalId: 'u', policyDocument: { Statement: [{ ...allow('*'), Condition: { IpAddress: {} } }] } },
      /Condition/,
    ],
  ];

  it.each(malformed)('refuses %s, saying why', (_name, value, reason) => {
    expect(() => parseAuthorizerResult(value)).toThrow(MalformedAuthorizerResultError);
    expect(() => parseAuthorizerResult(value)).toThrow(reason);
  });
});
