import { ERROR_ANSWERS } from '@secure-notes/http-api';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { synthesize } from '../testing/synth.js';

const deployed = synthesize('cognito').template;
// The scale the suites run at: limits they can reach, given to the synth as context.
const testScale = synthesize('token', {
  stageRateLimit: '5000',
  stageBurstLimit: '5000',
  addressRateLimit: '10',
  addressRateWindow: '60',
}).template;
const container = synthesize('container').template;

type Resource = { Properties: Record<string, unknown> };

function only(template: Template, type: string): [string, Resource] {
  const found = Object.entries(template.findResources(type)) as [string, Resource][];
  expect(found, `one ${type}`).toHaveLength(1);
  return found[0]!;
}

describe('the AWS WAF web ACL in front of the API', () => {
  it('blocks a source address past its limit with a 429, Retry-After and the throttling body, at the deployed defaults', () => {
    const [, acl] = only(deployed, 'AWS::WAFv2::WebACL');

    expect(acl.Properties).toMatchObject({
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      CustomResponseBodies: {
        TooManyRequests: {
          ContentType: 'APPLICATION_JSON',
          Content: JSON.stringify(ERROR_ANSWERS.tooManyRequests.body),
        },
      },
      Rules: [
        {
          Name: 'RequestsPerAddress',
          Statement: { RateBasedStatement: { AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 300 } },
          Action: {
            Block: {
              CustomResponse: {
                ResponseCode: 429,
                CustomResponseBodyKey: 'TooManyRequests',
                ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
              },
            },
          },
        },
      ],
    });
    expect((acl.Properties.Rules as unknown[]).length).toBe(1);
  });

  it('takes the limits given to the synth as context, the stage throttling among them', () => {
    const [, acl] = only(testScale, 'AWS::WAFv2::WebACL');
    const [, stage] = only(testScale, 'AWS::ApiGateway::Stage');

    expect(acl.Properties.Rules).toMatchObject([
      {
        Statement: { RateBasedStatement: { Limit: 10, EvaluationWindowSec: 60 } },
        Action: { Block: { CustomResponse: { ResponseHeaders: [{ Name: 'Retry-After', Value: '60' }] } } },
      },
    ]);
    expect(stage.Properties.MethodSettings).toEqual([
      expect.objectContaining({
        HttpMethod: '*',
        ResourcePath: '/*',
        ThrottlingRateLimit: 5000,
        ThrottlingBurstLimit: 5000,
      }),
    ]);
  });

  it('is associated with the API Gateway stage on Lambda', () => {
    const [aclId] = only(deployed, 'AWS::WAFv2::WebACL');
    const [stageId] = only(deployed, 'AWS::ApiGateway::Stage');
    const [restApiId] = only(deployed, 'AWS::ApiGateway::RestApi');
    const [, association] = only(deployed, 'AWS::WAFv2::WebACLAssociation');

    expect(association.Properties.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    const arn = JSON.stringify(association.Properties.ResourceArn);
    expect(arn).toContain(`/restapis/`);
    expect(arn).toContain(`{"Ref":"${restApiId}"}`);
    expect(arn).toContain(`/stages/`);
    expect(arn).toContain(`{"Ref":"${stageId}"}`);
  });

  it('is associated with the load balancer in the container mode', () => {
    const [aclId] = only(container, 'AWS::WAFv2::WebACL');
    const [loadBalancerId] = only(container, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    const [, association] = only(container, 'AWS::WAFv2::WebACLAssociation');

    expect(association.Properties).toEqual({
      ResourceArn: { Ref: loadBalancerId },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });
});
