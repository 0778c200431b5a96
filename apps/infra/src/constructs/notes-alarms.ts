import { Duration } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { NOTES_TABLE_ACTIONS } from './notes-table.js';

/** The share of requests answered 5xx, over five minutes, that raises the API's alarm. */
export const SERVER_ERROR_RATE_THRESHOLD = 0.05;
const PERIOD = Duration.minutes(5);

export interface NotesAlarmsProps {
  /** Subscribed to the alarms topic (the subscription must be confirmed from the email). */
  readonly alarmEmail?: string;
}

/**
 * The alarms an operator of the notes API needs and nothing more: the API's 5xx rate, Lambda
 * errors and throttles, DynamoDB throttles (or, for the container, the load balancer's 5xx rate
 * and unhealthy targets). Every alarm notifies one SNS topic; missing data (no traffic) is fine.
 */
export class NotesAlarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: NotesAlarmsProps = {}) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'Secure Notes alarms', enforceSSL: true });
    if (props.alarmEmail !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
  }

  /** The share of the API's answers that are 5xx, gateway's or handler's. */
  watchRestApi(api: apigw.RestApi): void {
    this.add('Api5xxRate', {
      alarmDescription: `${SERVER_ERROR_RATE_THRESHOLD * 100}% or more of the API's answers are 5xx`,
      metric: api.metricServerError({ statistic: cloudwatch.Stats.AVERAGE, period: PERIOD }),
      threshold: SERVER_ERROR_RATE_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
  }

  /**
   * Any throttle of a function, and any error unless `errors` is false: a Lambda authorizer
   * rejects a bad token by throwing `Unauthorized`, which Lambda counts as an error, so its
   * errors are every rejected token; its real failures show in the API's 5xx rate instead.
   */
  watchFunction(label: string, fn: lambda.IFunction, options: { errors?: boolean } = {}): void {
    if (options.errors !== false) {
      this.add(`${label}Errors`, {
        alarmDescription: `The ${label} function failed (an error escaped, it timed out or ran out of memory)`,
        metric: fn.metricErrors({ period: PERIOD }),
        threshold: 1,
        evaluationPeriods: 1,
      });
    }
    this.add(`${label}Throttles`, {
      alarmDescription: `The ${label} function was throttled (account or function concurrency exhausted)`,
      metric: fn.metricThrottles({ period: PERIOD }),
      threshold: 1,
      evaluationPeriods: 1,
    });
  }

  /** Throttled requests of the operations the API performs on the table. */
  watchTable(table: dynamodb.ITable): void {
    this.add('TableThrottles', {
      alarmDescription: 'DynamoDB throttled requests to the notes table',
      metric: table.metricThrottledRequestsForOperations({
        operations: NOTES_TABLE_ACTIONS.map((action) => action.replace('dynamodb:', '') as dynamodb.Operation),
        period: PERIOD,
      }),
      threshold: 1,
      evaluationPeriods: 1,
    });
  }

  /** The share of the container's answers that are 5xx, and any target failing its health check. */
  watchTargetGroup(targetGroup: elbv2.ApplicationTargetGroup): void {
    const errors = targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: PERIOD });
    const requests = targetGroup.metrics.requestCount({ period: PERIOD });
    this.add('Container5xxRate', {
      alarmDescription: `${SERVER_ERROR_RATE_THRESHOLD * 100}% or more of the container's answers are 5xx`,
      metric: new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, errors / requests, 0)',
        usingMetrics: { errors, requests },
        period: PERIOD,
        label: '5xx rate',
      }),
      threshold: SERVER_ERROR_RATE_THRESHOLD,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });
    this.add('ContainerUnhealthy', {
      alarmDescription: 'A container fails its /health check behind the load balancer',
      metric: targetGroup.metrics.unhealthyHostCount({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      threshold: 1,
      evaluationPeriods: 3,
    });
  }

  private add(id: string, props: Omit<cloudwatch.AlarmProps, 'comparisonOperator' | 'treatMissingData'>): void {
    const alarm = new cloudwatch.Alarm(this, id, {
      ...props,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(new actions.SnsAction(this.topic));
    alarm.addOkAction(new actions.SnsAction(this.topic));
    this.alarms.push(alarm);
  }
}
