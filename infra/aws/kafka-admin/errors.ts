/** Base class for errors of the kafka-admin custom resource. */
export class KafkaAdminError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaAdminError';
  }
}

/** The resource properties CloudFormation passed are not what this resource type takes. */
export class InvalidResourcePropertiesError extends KafkaAdminError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidResourcePropertiesError';
  }
}

/** The declared topic asks for a change Kafka cannot make (fewer partitions than it has). */
export class IrreversibleTopicChangeError extends KafkaAdminError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'IrreversibleTopicChangeError';
  }
}

/** The cluster has no IAM (SASL/OAUTHBEARER) bootstrap brokers: IAM auth is off for it. */
export class NoIamBrokersError extends KafkaAdminError {
  constructor(clusterArn: string) {
    super(`cluster ${clusterArn} has no IAM bootstrap brokers: enable IAM client authentication on it`);
    this.name = 'NoIamBrokersError';
  }
}
