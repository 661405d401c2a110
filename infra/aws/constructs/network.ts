import type { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Where the cluster and tandem's VPC-bound functions live. */
export interface Network {
  readonly vpc: ec2.IVpc;
  /** Private subnets with egress (NAT): the cluster, its pollers, producers and the topic admin. */
  readonly subnets: ec2.SubnetSelection;
}

export interface TandemVpcProps {
  /** An existing VPC (looked up at synth time, cached in cdk.context.json); unset creates one. */
  vpcId?: string;
  maxAzs: number;
  natGateways: number;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The VPC: a new one (public subnets for the NAT gateway, private subnets with egress,
 * S3 and DynamoDB gateway endpoints, rejected-traffic flow logs) or an existing one. The
 * MSK pollers need egress to Lambda and STS, and an S3 endpoint for the on-failure
 * destination; an existing VPC must provide both (see docs/deploy.md).
 */
export class TandemVpc extends Construct implements Network {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

  constructor(scope: Construct, id: string, props: TandemVpcProps) {
    super(scope, id);
    if (props.vpcId) {
      this.vpc = ec2.Vpc.fromLookup(this, 'Vpc', { vpcId: props.vpcId });
      return;
    }
    const flowLogs = new logs.LogGroup(this, 'FlowLogs', {
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: props.maxAzs,
      natGateways: props.natGateways,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      gatewayEndpoints: {
        S3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
        DynamoDB: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
      },
      flowLogs: {
        // Rejected traffic only: what explains a blocked connection, at a fraction of ALL's volume.
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(flowLogs),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
  }
}
