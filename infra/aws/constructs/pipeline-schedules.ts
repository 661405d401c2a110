import { Duration } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { ScheduleSpec } from '../../pipeline/index.js';
import type { PipelineFunction } from './pipeline-function.js';

export interface PipelineSchedulesProps {
  schedules: readonly ScheduleSpec[];
  functions: ReadonlyMap<string, PipelineFunction>;
}

/**
 * One EventBridge Scheduler schedule per declared schedule (UTC), invoking its function
 * with the declared input. A missed invoke is retried for up to an hour: scheduled jobs
 * (retraining, pollers, relays) are idempotent and catch up on their own next run.
 */
export class PipelineSchedules extends Construct {
  readonly schedules = new Map<string, scheduler.Schedule>();

  constructor(scope: Construct, id: string, props: PipelineSchedulesProps) {
    super(scope, id);
    for (const spec of props.schedules) {
      const fn = props.functions.get(spec.function);
      if (!fn) throw new Error(`schedule ${spec.name}: no function "${spec.function}"`);
      this.schedules.set(
        spec.name,
        new scheduler.Schedule(this, `Schedule-${spec.name}`, {
          description: `tandem ${spec.name}: ${spec.expression} → ${spec.function}`,
          schedule: scheduler.ScheduleExpression.expression(spec.expression),
          target: new LambdaInvoke(fn, {
            input: scheduler.ScheduleTargetInput.fromObject(spec.input ?? {}),
            retryAttempts: 3,
            maxEventAge: Duration.hours(1),
          }),
        }),
      );
    }
  }
}
