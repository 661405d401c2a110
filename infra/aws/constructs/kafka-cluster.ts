import { Annotations, CustomResource, Duration, Fn, Names, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct, type IConstruct } from 'constructs';
import { ResourceType } from '../kafka-admin/properties.js';
import { fromRoot } from '../paths.js';
import type { Network } from './network.js';
import { PipelineFunction, type PipelineFunctionDefaults } from './pipeline-function.js';

/** The IAM listener of MSK (SASL/OAUTHBEARER over TLS). */
export const MSK_IAM_PORT = 9098;

export interface KafkaClusterProps {
  network: Network;
  /** An existing cluster instead of a new MSK Serverless one. */
  existing?: { clusterArn: string; securityGroupId?: string };
  /** Defaults of the kafka-admin custom resource function. */
  functionDefaults: PipelineFunctionDefaults;
  /** Keep a new cluster on `cdk destroy` and on replacement (`retainData`). */
  retainData: boolean;
}

/**
 * The MSK cluster: a new MSK Serverless cluster with IAM client authentication in the
 * private subnets, or an existing cluster by ARN. Holds the IAM resource names of its
 * topics and groups and grants the `kafka-cluster:*` data-plane actions on exactly those.
 * Tandem's own Kafka clients (producers, the topic admin) run in `clientSecurityGroup`,
 * which the cluster admits on the IAM port.
 */
export class KafkaCluster extends Construct {
  readonly clusterArn: string;
  readonly clientSecurityGroup: ec2.SecurityGroup;
  readonly network: Network;
  /** `arn:<partition>:kafka:<region>:<account>` of the cluster. */
  private readonly arnHead: string;
  /** `<cluster-name>/<cluster-uuid>` of the cluster. */
  private readonly nameAndUuid: string;
  private readonly functionDefaults: PipelineFunctionDefaults;
  private adminFunction?: PipelineFunction;
  private brokers?: string;
  private readonly topics = new Map<string, CustomResource>();
  /** The security groups whose rules let tandem's clients reach the brokers (the rules are their children). */
  private readonly clientAccess: IConstruct[] = [];

  constructor(scope: Construct, id: string, props: KafkaClusterProps) {
    super(scope, id);
    this.network = props.network;
    this.functionDefaults = props.functionDefaults;
    const { vpc } = props.network;
    this.clientSecurityGroup = new ec2.SecurityGroup(this, 'ClientSecurityGroup', {
      vpc,
      description: 'tandem Kafka clients: producer functions and the topic admin',
      allowAllOutbound: true,
    });

    if (props.existing) {
      this.clusterArn = props.existing.clusterArn;
      if (props.existing.securityGroupId) {
        const clusterSg = ec2.SecurityGroup.fromSecurityGroupId(
          this,
          'ClusterSecurityGroup',
          props.existing.securityGroupId,
        );
        clusterSg.addIngressRule(
          this.clientSecurityGroup,
          ec2.Port.tcp(MSK_IAM_PORT),
          'tandem Kafka clients (IAM auth)',
        );
        // The event source mapping pollers run with the cluster's security groups and reach the
        // brokers through them, so the group must admit itself on the IAM port.
        clusterSg.addIngressRule(clusterSg, ec2.Port.tcp(MSK_IAM_PORT), 'event source mapping pollers');
        this.clientAccess.push(clusterSg);
      } else {
        Annotations.of(this).addWarningV2(
          'tandem:mskSecurityGroup',
          `pass -c mskSecurityGroupId=<cluster security group>, or allow ${MSK_IAM_PORT}/tcp on the cluster's security group ` +
            'from the Kafka client security group and from the group itself (the event source mapping pollers) yourself',
        );
      }
    } else {
      const clusterSg = new ec2.SecurityGroup(this, 'ClusterSecurityGroup', {
        vpc,
        description:
          'MSK Serverless cluster and the event source mapping pollers, which use the cluster security group',
        allowAllOutbound: true,
      });
      // The pollers of Lambda's event source mappings run with this group and reach the brokers through it.
      clusterSg.addIngressRule(clusterSg, ec2.Port.tcp(MSK_IAM_PORT), 'event source mapping pollers');
      clusterSg.addIngressRule(this.clientSecurityGroup, ec2.Port.tcp(MSK_IAM_PORT), 'tandem Kafka clients');
      const cluster = new msk.CfnServerlessCluster(this, 'Cluster', {
        clusterName: Names.uniqueResourceName(this, { maxLength: 64, separator: '-' }),
        clientAuthentication: { sasl: { iam: { enabled: true } } },
        vpcConfigs: [
          {
            subnetIds: vpc.selectSubnets(props.network.subnets).subnetIds,
            securityGroups: [clusterSg.securityGroupId],
          },
        ],
      });
      // A tag change on AWS::MSK::ServerlessCluster replaces the cluster, and its data and committed
      // offsets with it: no tag reaches it, neither the app's nor any added later.
      cluster.addPropertyDeletionOverride('Tags');
      cluster.applyRemovalPolicy(props.retainData ? RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE : RemovalPolicy.DESTROY);
      this.clientAccess.push(clusterSg);
      this.clusterArn = cluster.attrArn;
    }

    if (Token.isUnresolved(this.clusterArn)) {
      const [head, rest] = Fn.split(':cluster/', this.clusterArn, 2);
      this.arnHead = head as string;
      this.nameAndUuid = rest as string;
    } else {
      const at = this.clusterArn.indexOf(':cluster/');
      this.arnHead = this.clusterArn.slice(0, at);
      this.nameAndUuid = this.clusterArn.slice(at + ':cluster/'.length);
    }
  }

  /** `arn:…:topic/<cluster-name>/<cluster-uuid>/<topic>`, the resource of topic actions. */
  topicArn(topic: string): string {
    return `${this.arnHead}:topic/${this.nameAndUuid}/${topic}`;
  }

  /** `arn:…:group/<cluster-name>/<cluster-uuid>/<group>`, the resource of consumer group actions. */
  groupArn(group: string): string {
    return `${this.arnHead}:group/${this.nameAndUuid}/${group}`;
  }

  /** What an event source mapping's consumer needs to read `topic` in consumer group `group`. */
  grantConsume(grantee: iam.IGrantable, topic: string, group: string): void {
    this.grant(
      grantee,
      ['kafka-cluster:Connect', 'kafka-cluster:DescribeClusterDynamicConfiguration'],
      [this.clusterArn],
    );
    this.grant(grantee, ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], [this.topicArn(topic)]);
    this.grant(grantee, ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], [this.groupArn(group)]);
  }

  /** What a producer needs to write `topics` (idempotent producers included). */
  grantProduce(grantee: iam.IGrantable, topics: readonly string[]): void {
    this.grant(grantee, ['kafka-cluster:Connect', 'kafka-cluster:WriteDataIdempotently'], [this.clusterArn]);
    this.grant(
      grantee,
      ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'],
      topics.map((t) => this.topicArn(t)),
    );
  }

  /**
   * What Lambda's event source mapping needs of the cluster itself with the function's
   * role, besides the data plane (`grantConsume`): the replacement for the
   * `AWSLambdaMSKExecutionRole` managed policy, scoped to this cluster where AWS allows.
   */
  grantEventSourcePollers(grantee: iam.IGrantable): void {
    this.grant(grantee, ['kafka:DescribeClusterV2', 'kafka:GetBootstrapBrokers'], [this.clusterArn]);
    // The pollers' network interfaces in the cluster subnets. EC2 has no resource-level
    // permissions for Describe*, and the interfaces do not exist before they are created.
    this.grant(
      grantee,
      [
        'ec2:CreateNetworkInterface',
        'ec2:DeleteNetworkInterface',
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSecurityGroups',
        'ec2:DescribeSubnets',
        'ec2:DescribeVpcs',
      ],
      ['*'],
    );
  }

  /** The SASL/IAM bootstrap broker string (`host:9098,…`), resolved at deploy time by GetBootstrapBrokers. */
  bootstrapBrokers(): string {
    if (this.brokers === undefined) {
      const resource = new CustomResource(this, 'BootstrapBrokers', {
        serviceToken: this.admin().functionArn,
        resourceType: ResourceType.BOOTSTRAP_BROKERS,
        properties: { ClusterArn: this.clusterArn },
        serviceTimeout: Duration.minutes(5),
      });
      this.brokers = resource.getAttString('BootstrapBrokers');
    }
    return this.brokers;
  }

  /** Declares a topic; event source mappings on it should depend on the returned resource. */
  addTopic(topic: string, spec: { partitions: number; retentionHours: number }): CustomResource {
    const existing = this.topics.get(topic);
    if (existing) return existing;
    const resource = new CustomResource(this, `Topic-${topic}`, {
      serviceToken: this.admin().functionArn,
      resourceType: ResourceType.TOPIC,
      properties: {
        ClusterArn: this.clusterArn,
        Topic: topic,
        Partitions: spec.partitions,
        RetentionMs: spec.retentionHours * 3_600_000,
      },
      serviceTimeout: Duration.minutes(10),
    });
    // The admin function connects to the brokers: not before the cluster admits its security group.
    for (const access of this.clientAccess) resource.node.addDependency(access);
    this.grantTopicAdmin(this.admin(), topic);
    this.topics.set(topic, resource);
    return resource;
  }

  private grantTopicAdmin(grantee: iam.IGrantable, topic: string): void {
    this.grant(grantee, ['kafka-cluster:Connect'], [this.clusterArn]);
    this.grant(
      grantee,
      [
        'kafka-cluster:CreateTopic',
        'kafka-cluster:DescribeTopic',
        'kafka-cluster:AlterTopic',
        'kafka-cluster:DescribeTopicDynamicConfiguration',
        'kafka-cluster:AlterTopicDynamicConfiguration',
      ],
      [this.topicArn(topic)],
    );
  }

  /** The kafka-admin custom resource function, created on first use, inside the VPC. */
  private admin(): PipelineFunction {
    if (!this.adminFunction) {
      this.adminFunction = new PipelineFunction(this, 'AdminFunction', {
        ...this.functionDefaults,
        name: 'kafka-admin',
        entry: fromRoot('infra/aws/kafka-admin/handler.ts'),
        description: 'tandem: creates MSK topics and resolves bootstrap brokers for CloudFormation',
        memoryMb: 256,
        timeoutSeconds: 300,
        network: { vpc: this.network.vpc, subnets: this.network.subnets, securityGroups: [this.clientSecurityGroup] },
      });
      this.grant(this.adminFunction, ['kafka:GetBootstrapBrokers'], [this.clusterArn]);
    }
    return this.adminFunction;
  }

  private grant(grantee: iam.IGrantable, actions: string[], resources: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources }));
  }
}
