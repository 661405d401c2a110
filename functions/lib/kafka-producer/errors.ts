/** Base class for every error raised by the Kafka producer module. */
export class KafkaProducerError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaProducerError';
  }
}

/** The function was deployed without `KAFKA_BOOTSTRAP` (a `produces` binding in infra/pipeline.ts sets it). */
export class KafkaProducerConfigError extends KafkaProducerError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaProducerConfigError';
  }
}

/** The broker did not acknowledge the records: nothing may be assumed written. */
export class KafkaProduceError extends KafkaProducerError {
  /** Topic the records were for. */
  readonly topic: string;

  constructor(topic: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'KafkaProduceError';
    this.topic = topic;
  }
}
