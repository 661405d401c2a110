/** `dead-letters` → `TABLE_DEAD_LETTERS` / `BUCKET_DEAD_LETTERS`: one rule for both back ends. */
export function tableEnvName(table: string): string {
  return `TABLE_${envSuffix(table)}`;
}

export function bucketEnvName(bucket: string): string {
  return `BUCKET_${envSuffix(bucket)}`;
}

/** On AWS: the Secrets Manager ARN of a secret. */
export function secretArnEnvName(secret: string): string {
  return `SECRET_${envSuffix(secret)}_ARN`;
}

/** Locally: the secret's value itself (there is no Secrets Manager stand-in). */
export function secretValueEnvName(secret: string): string {
  return `SECRET_${envSuffix(secret)}_VALUE`;
}

/** Where a function finds a model: an s3:// URI on AWS, a file path locally. */
export function modelUriEnvName(model: string): string {
  return `MODEL_${envSuffix(model)}_URI`;
}

/**
 * Where a function that queries the archive with Athena finds it (set by the stack's archive
 * binding, `queriesArchive` in infra/pipeline.ts): the Glue database and table over the archive,
 * and the workgroup whose result location and limits apply.
 */
export const ARCHIVE_QUERY_ENV = {
  database: 'ARCHIVE_DATABASE',
  table: 'ARCHIVE_TABLE',
  workGroup: 'ATHENA_WORKGROUP',
} as const;

/**
 * Consumer group of a trigger: its declared `consumerGroupId`, else `<prefix>-<trigger name>`.
 * Locally the prefix is `tandem`; on AWS it is the stack name, because a group id must be
 * unique among every Kafka event source on a cluster, and two stacks sharing one cluster
 * (`-c mskClusterArn`) would otherwise split each topic's partitions between them.
 */
export function consumerGroupOf(trigger: { name: string; consumerGroupId?: string }, prefix = 'tandem'): string {
  return trigger.consumerGroupId ?? `${prefix}-${trigger.name}`;
}

function envSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}

/**
 * Words the query API uses as literal path segments beside `/v1/air/{location}`
 * (`GET /v1/air/locations`, `GET /v1/air/anomalies`): a location so named would be declared,
 * polled and forecast, yet its page would answer the other route. The query API's route test
 * holds this list equal to its routes, so a new literal route cannot forget it.
 */
export const RESERVED_LOCATION_NAMES = ['anomalies', 'locations'] as const;
