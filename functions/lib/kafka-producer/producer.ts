/**
 * One Kafka producer per container (module scope), for functions that produce (`produces` in
 * infra/pipeline.ts). Connects lazily on the first send, so a cold start does not wait on
 * the cluster.
 *
 * Environment:
 * - `KAFKA_BOOTSTRAP`: comma-separated `host:port` list (required).
 * - `KAFKA_AUTH=aws-msk-iam` (set by the CDK app's producer binding; `KAFKA_IAM_AUTH=true` is
 *   accepted too): Amazon MSK IAM access control, TLS plus SASL/OAUTHBEARER with a token
 *   signed by `aws-msk-iam-sasl-signer-js` from the function's role (region from
 *   `AWS_REGION`). The signer is imported on that path only. Tokens last 15 minutes; the
 *   client asks for a fresh one on every (re)authentication. Unset locally: plaintext.
 *
 * The producer is idempotent (acks=all, producer id and sequence numbers), so the client's own
 * retries of a send never write a record twice. A send the broker does not acknowledge throws
 * `KafkaProduceError`; whether the records were written is then unknown, which is why every
 * record carries a stable id and every consumer dedupes on it.
 *
 * Safe under concurrent use (the local API server runs many requests through this one
 * producer): sends go through a `SendLane`, one in flight, concurrent ones coalesced (see
 * send-lane.ts for the client behaviour that makes two in-flight sends lose a record). After a
 * failed send the client's sequence numbers no longer say what the broker holds (the batch may
 * or may not be written), and reusing them could make a later, different record look like a
 * duplicate of it: the producer is discarded, and the next send starts a new one with a fresh
 * producer id (Kafka clients bump the epoch for the same reason, KIP-360).
 */

import { ProduceAcks, Producer } from '@platformatic/kafka';
import { KafkaProduceError, KafkaProducerConfigError } from './errors.js';
import { mskIamConnection } from './msk-iam.js';
import { producedRecords } from './observer.js';
import { SendLane } from './send-lane.js';

/** Environment variable with the bootstrap servers (set by a `produces` binding). */
export const KAFKA_BOOTSTRAP_ENV = 'KAFKA_BOOTSTRAP';
/** Environment variable naming how to authenticate; `aws-msk-iam` is the one value understood. */
export const KAFKA_AUTH_ENV = 'KAFKA_AUTH';
export const KAFKA_AUTH_MSK_IAM = 'aws-msk-iam';
/** Older spelling of `KAFKA_AUTH=aws-msk-iam`. */
export const KAFKA_IAM_AUTH_ENV = 'KAFKA_IAM_AUTH';

/** One record to produce. */
export interface OutgoingRecord {
  /** Partitioning key (records with one key stay in order on one partition). */
  key: string;
  /** Value bytes, or an object written as UTF-8 JSON. */
  value: Buffer | object;
  /** Headers, UTF-8. */
  headers?: Record<string, string>;
  /** Partition to write to; by default the key's (murmur2, as Kafka's Java client). */
  partition?: number;
  /** Kafka timestamp, epoch ms; by default the time of the send. */
  timestamp?: number;
}

type BufferProducer = Producer<Buffer, Buffer, Buffer, Buffer>;
type BufferMessage = Parameters<BufferProducer['send']>[0]['messages'][number];

/**
 * Most bytes of keys, values and headers that concurrent `produce` calls share one send with
 * (one call alone may exceed it): well under the 1 MiB a batch may have on MSK by default
 * (`message.max.bytes`), so coalescing never makes a batch the cluster refuses.
 */
const MAX_COALESCED_BYTES = 512 * 1024;

let shared: BufferProducer | undefined;
const lane = new SendLane<BufferMessage>(sendNow, MAX_COALESCED_BYTES);

/**
 * The container's producer, created on first use from the environment. Send through `produce`:
 * it keeps the one-send-in-flight rule this client needs (see send-lane.ts).
 */
export function kafkaProducer(env: NodeJS.ProcessEnv = process.env): BufferProducer {
  if (shared && !shared.closed) return shared;
  const bootstrap = env[KAFKA_BOOTSTRAP_ENV];
  if (!bootstrap) {
    throw new KafkaProducerConfigError(
      `${KAFKA_BOOTSTRAP_ENV} is not set: declare the topic under \`produces\` in infra/pipeline.ts`,
    );
  }
  const auth = env[KAFKA_AUTH_ENV];
  if (auth && auth !== KAFKA_AUTH_MSK_IAM) {
    throw new KafkaProducerConfigError(
      `${KAFKA_AUTH_ENV}="${auth}" is not understood; only "${KAFKA_AUTH_MSK_IAM}" is`,
    );
  }
  const iam = auth === KAFKA_AUTH_MSK_IAM || env[KAFKA_IAM_AUTH_ENV] === 'true';
  shared = new Producer({
    clientId: env.AWS_LAMBDA_FUNCTION_NAME ?? 'tandem',
    bootstrapBrokers: bootstrap
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    idempotent: true,
    acks: ProduceAcks.ALL,
    autocreateTopics: false,
    retries: 3,
    ...(iam ? mskIamOptions(env.AWS_REGION) : {}),
  });
  return shared;
}

/**
 * Produces records to one topic and resolves once the broker has acknowledged them (written,
 * acks=all); safe to call concurrently.
 */
export async function produce(topic: string, records: readonly OutgoingRecord[]): Promise<void> {
  if (records.length === 0) return;
  let bytes = 0;
  const messages = records.map((r): BufferMessage => {
    const key = Buffer.from(r.key);
    const value = Buffer.isBuffer(r.value) ? r.value : Buffer.from(JSON.stringify(r.value));
    const headers = r.headers && Object.entries(r.headers).map(([k, v]) => [Buffer.from(k), Buffer.from(v)] as const);
    bytes += key.length + value.length;
    for (const [k, v] of headers ?? []) bytes += k.length + v.length;
    return {
      topic,
      key,
      value,
      ...(headers ? { headers: new Map(headers) } : {}),
      ...(r.partition === undefined ? {} : { partition: r.partition }),
      ...(r.timestamp === undefined ? {} : { timestamp: BigInt(r.timestamp) }),
    };
  });
  try {
    await lane.push(messages, bytes);
  } catch (error) {
    throw new KafkaProduceError(topic, `producing ${records.length} record(s) to ${topic} failed`, { cause: error });
  }
  producedRecords.emit('produced', { topic, count: records.length });
}

/**
 * Closes the container's producer once the sends under way are answered (the local runtime at
 * shutdown, tests); the next send opens a new one.
 */
export async function closeKafkaProducer(): Promise<void> {
  await lane.idle();
  const producer = shared;
  shared = undefined;
  if (producer && !producer.closed) await producer.close();
}

/** The lane's one send in flight; a failure retires the producer that made it (see the header). */
async function sendNow(messages: BufferMessage[]): Promise<void> {
  const producer = kafkaProducer();
  try {
    await producer.send({ messages });
  } catch (error) {
    if (shared === producer) shared = undefined;
    // Its connections are all it holds; a failure to close them changes nothing for the next send.
    producer.close().catch(() => undefined);
    throw error;
  }
}

/** MSK's IAM listener (port 9098): TLS plus SASL/OAUTHBEARER with an IAM-signed token. */
function mskIamOptions(region: string | undefined) {
  if (!region) throw new KafkaProducerConfigError('MSK IAM authentication needs AWS_REGION to sign tokens');
  return mskIamConnection(region);
}
