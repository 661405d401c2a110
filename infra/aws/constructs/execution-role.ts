import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

/**
 * AWS-managed Lambda policies that CDK constructs attach on their own, each replaced by
 * scoped inline statements that `PipelineFunction` adds itself:
 * `AWSLambdaMSKExecutionRole` (attached by `ManagedKafkaEventSource`) grants
 * `kafka:DescribeCluster*`/`GetBootstrapBrokers` and `logs:*` writes on every resource.
 */
const REPLACED_MANAGED_POLICIES = ['service-role/AWSLambdaMSKExecutionRole'] as const;

/**
 * A Lambda execution role that holds inline, resource-scoped statements only. Attaching
 * one of the managed policies above is a no-op (its permissions are granted inline,
 * scoped, by whoever binds the function); attaching any other managed policy throws, so
 * nothing broad slips in unseen.
 */
export class ExecutionRole extends iam.Role {
  constructor(scope: Construct, id: string, props: { description: string }) {
    super(scope, id, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: props.description });
  }

  override addManagedPolicy(policy: iam.IManagedPolicy): void {
    const arn = JSON.stringify(Stack.of(this).resolve(policy.managedPolicyArn));
    if (REPLACED_MANAGED_POLICIES.some((name) => arn.includes(`:iam::aws:policy/${name}`))) return;
    throw new Error(
      `${this.node.path}: pipeline function roles take scoped inline statements only, not managed policy ${arn}`,
    );
  }
}
