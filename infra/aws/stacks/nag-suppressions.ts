/**
 * cdk-nag acknowledgements that depend on what the policies contain. AwsSolutions-IAM5
 * reports every wildcard in an IAM policy as its own finding; this pass acknowledges a
 * finding only when it matches a pattern below, each with its reason, and leaves anything
 * else to fail synthesis. In particular `Resource::*` passes only when every action on `*`
 * in the policy is one listed in STAR_RESOURCE_ACTIONS, with its reason.
 */

import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import { CfnPolicy } from 'aws-cdk-lib/aws-iam';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * Actions granted on `*`, each with why. X-Ray's actions and EC2's Describe* actions have no
 * resource-level permissions. The network-interface actions do (network interface, subnet,
 * security group), but Lambda creates and deletes the interfaces of VPC functions and MSK
 * pollers with the execution role, under IDs no template knows, and AWS's own policies for
 * those roles (AWSLambdaVPCAccessExecutionRole, AWSLambdaMSKExecutionRole) grant them on `*`.
 */
const NO_RESOURCE_LEVEL = 'no resource-level permissions';
const LAMBDA_MANAGED_ENI =
  'authorized per interface, subnet and security group, but the interfaces are created by Lambda ' +
  'under IDs unknown before; granted on * as AWSLambdaVPCAccessExecutionRole / AWSLambdaMSKExecutionRole do';
const STAR_RESOURCE_ACTIONS: Record<string, string> = {
  'xray:PutTraceSegments': `X-Ray active tracing (${NO_RESOURCE_LEVEL})`,
  'xray:PutTelemetryRecords': `X-Ray active tracing (${NO_RESOURCE_LEVEL})`,
  'ec2:CreateNetworkInterface': `network interfaces of VPC functions and MSK pollers: ${LAMBDA_MANAGED_ENI}`,
  'ec2:DeleteNetworkInterface': `network interfaces of VPC functions and MSK pollers: ${LAMBDA_MANAGED_ENI}`,
  'ec2:AssignPrivateIpAddresses': `network interfaces of VPC functions: ${LAMBDA_MANAGED_ENI}`,
  'ec2:UnassignPrivateIpAddresses': `network interfaces of VPC functions: ${LAMBDA_MANAGED_ENI}`,
  'ec2:DescribeNetworkInterfaces': `network interfaces of VPC functions and MSK pollers (${NO_RESOURCE_LEVEL})`,
  'ec2:DescribeSubnets': `subnets of the cluster, read by the MSK pollers (${NO_RESOURCE_LEVEL})`,
  'ec2:DescribeSecurityGroups': `security groups of the cluster, read by the MSK pollers (${NO_RESOURCE_LEVEL})`,
  'ec2:DescribeVpcs': `VPC of the cluster, read by the MSK pollers (${NO_RESOURCE_LEVEL})`,
};

/** Action wildcards of CDK's grant methods, on resources the grant scopes. */
const WILDCARD_ACTIONS: Record<string, string> = {
  's3:GetObject*': 'bucket.grantRead: object reads (GetObject, GetObjectVersion, …) on one bound bucket or prefix',
  's3:GetBucket*': 'bucket.grantRead: bucket metadata reads on one bound bucket',
  's3:List*': 'bucket.grantRead: listing one bound bucket',
  's3:Abort*': 'bucket.grantPut: aborting the function’s own multipart uploads to one bound bucket',
  's3:DeleteObject*': 'bucket.grantReadWrite on a bucket bound readwrite in pipeline.ts, or BucketDeployment',
  'kms:GenerateDataKey*': 'encrypting with the stack key (customer-managed encryption)',
  'kms:ReEncrypt*': 'encrypting with the stack key (customer-managed encryption)',
};

/** Resource wildcards below one resource of this stack, by shape. */
const SCOPED_RESOURCES: { pattern: RegExp; reason: string; onlyActions?: RegExp }[] = [
  { pattern: /^<[A-Za-z0-9]+\.Arn>\/index\/\*$/, reason: 'the global secondary indexes of one bound table' },
  { pattern: /^<[A-Za-z0-9]+\.Arn>\/\*$/, reason: 'the objects of one bound bucket', onlyActions: /^(s3|kms):/ },
  {
    pattern: /^<[A-Za-z0-9]+\.Arn>\/[A-Za-z0-9_./-]+\/\*$/,
    reason: 'the objects under one prefix (a model directory) of one bucket',
    onlyActions: /^s3:/,
  },
  {
    pattern: /^<[A-Za-z0-9]+\.Arn>:\*$/,
    reason: 'versions and aliases of one function: the EventBridge Scheduler target role',
    onlyActions: /^lambda:InvokeFunction$/,
  },
  {
    pattern: /^arn:[^:]+:s3:::cdk-[a-z0-9]+-assets-[^/]+\/\*$/,
    reason: 'the CDK bootstrap asset bucket, read by BucketDeployment to copy the model and dashboard files',
    onlyActions: /^s3:(GetObject\*|GetBucket\*|List\*)$/,
  },
];

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}

const list = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);

function acknowledgePolicy(policy: CfnPolicy): void {
  const doc = Stack.of(policy).resolve(policy.policyDocument) as { Statement?: Statement[] };
  const acks = new Map<string, string>();
  let starAllowed = true;
  for (const statement of doc.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    const actions = list(statement.Action);
    for (const action of actions.filter((a) => a.includes('*'))) {
      const reason = WILDCARD_ACTIONS[action];
      if (reason) acks.set(`Action::${action}`, reason);
    }
    for (const resource of list(statement.Resource).map((r) => flattenCfnReference(r))) {
      if (!resource.includes('*')) continue;
      if (resource === '*') {
        if (!actions.every((a) => a in STAR_RESOURCE_ACTIONS)) starAllowed = false;
        continue;
      }
      const scoped = SCOPED_RESOURCES.find(
        (s) => s.pattern.test(resource) && (!s.onlyActions || actions.every((a) => s.onlyActions?.test(a))),
      );
      if (scoped) acks.set(`Resource::${resource}`, scoped.reason);
    }
  }
  const starActions = (doc.Statement ?? [])
    .filter((s) => s.Effect === 'Allow' && list(s.Resource).includes('*'))
    .flatMap((s) => list(s.Action));
  if (starAllowed && starActions.length > 0) {
    const reasons = [...new Set(starActions.map((a) => STAR_RESOURCE_ACTIONS[a]))].join('; ');
    acks.set('Resource::*', `actions granted on * (${[...new Set(starActions)].join(', ')}): ${reasons}`);
  }
  for (const [finding, reason] of acks)
    Validations.of(policy).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
}

/** Acknowledges the scoped wildcards of every IAM policy under `scope`; call after everything is built. */
export function acknowledgeScopedWildcards(scope: IConstruct): void {
  for (const node of scope.node.findAll()) {
    if (CfnResource.isCfnResource(node) && node instanceof CfnPolicy) acknowledgePolicy(node);
  }
}
