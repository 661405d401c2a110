export { KafkaProduceError, KafkaProducerConfigError, KafkaProducerError } from './errors.js';
export { type MskIamConnection, mskIamConnection } from './msk-iam.js';
export { type ProducedNotice, producedRecords } from './observer.js';
export {
  closeKafkaProducer,
  KAFKA_AUTH_ENV,
  KAFKA_AUTH_MSK_IAM,
  KAFKA_BOOTSTRAP_ENV,
  KAFKA_IAM_AUTH_ENV,
  kafkaProducer,
  type OutgoingRecord,
  produce,
} from './producer.js';
