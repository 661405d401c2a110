/** `dead-letters` → `TABLE_DEAD_LETTERS` / `BUCKET_DEAD_LETTERS`: one rule for both back ends. */
export function tableEnvName(table: string): string {
  return `TABLE_${envSuffix(table)}`;
}

export function bucketEnvName(bucket: string): string {
  return `BUCKET_${envSuffix(bucket)}`;
}

/** Default consumer group of a trigger. */
export function consumerGroupOf(trigger: { name: string; consumerGroupId?: string }): string {
  return trigger.consumerGroupId ?? `tandem-${trigger.name}`;
}

function envSuffix(name: string): string {
  return name.replace(/[^A-Za-z0-9]/g, '_').toUpperCase();
}
