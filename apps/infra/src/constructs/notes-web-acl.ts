/**
 * The limit AWS offers in front of the API that API Gateway's stage throttling lacks: an AWS WAF
 * web ACL whose rate-based rule counts each source address's requests over a window and blocks an
 * address past its limit, answering `429` with `Retry-After` and the body API Gateway throttles
 * with (WAF would block with a bare 403). Stage throttling is one bucket for every caller, so
 * without this one client could starve everyone.
 *
 * It limits by address, not by user: WAF sees requests before any authorizer, and a rule keyed
 * on the `Authorization` header counts per token, which a user multiplies by signing in again or
 * refreshing. The per-user limits of the Express server have no counterpart on this path.
 */
import { ERROR_ANSWERS } from '@secure-notes/http-api';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { RequestLimits } from '../config/deployment-config.js';

export interface NotesWebAclProps {
  readonly limits: Pick<RequestLimits, 'addressRequests' | 'addressWindowSeconds'>;
  /** Names the ACL and its metrics, e.g. `secure-notes-dev`. */
  readonly name: string;
}

/** The custom response body's key in the ACL. */
const TOO_MANY_REQUESTS_BODY = 'TooManyRequests';

export class NotesWebAcl extends Construct {
  readonly webAcl: wafv2.CfnWebACL;

  constructor(scope: Construct, id: string, props: NotesWebAclProps) {
    super(scope, id);
    const { addressRequests, addressWindowSeconds } = props.limits;
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty => ({
      cloudWatchMetricsEnabled: true,
      metricName,
      sampledRequestsEnabled: true,
    });
    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: props.name,
      description: `Limits each source address to ${addressRequests} requests per ${addressWindowSeconds} s`,
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      customResponseBodies: {
        [TOO_MANY_REQUESTS_BODY]: {
          contentType: 'APPLICATION_JSON',
          content: JSON.stringify(ERROR_ANSWERS.tooManyRequests.body),
        },
      },
      rules: [
        {
          name: 'RequestsPerAddress',
          priority: 0,
          statement: {
            rateBasedStatement: {
              aggregateKeyType: 'IP',
              limit: addressRequests,
              evaluationWindowSec: addressWindowSeconds,
            },
          },
          action: {
            block: {
              customResponse: {
                responseCode: 429,
                customResponseBodyKey: TOO_MANY_REQUESTS_BODY,
                // WAF lifts the block once the address's count over the window is under the
                // limit again: a full window without requests always suffices.
                responseHeaders: [{ name: 'Retry-After', value: String(addressWindowSeconds) }],
              },
            },
          },
          visibilityConfig: visibility(`${props.name}-requests-per-address`),
        },
      ],
      visibilityConfig: visibility(props.name),
    });
  }

  /** Puts the ACL in front of a regional resource: an API Gateway stage, or a load balancer. */
  protect(id: string, resourceArn: string): wafv2.CfnWebACLAssociation {
    return new wafv2.CfnWebACLAssociation(this, id, { resourceArn, webAclArn: this.webAcl.attrArn });
  }
}
