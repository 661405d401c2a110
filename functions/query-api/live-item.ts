/**
 * Whether a stored item is still alive. DynamoDB's TTL deletes expired items lazily (typically
 * within days) and dynalite never does, so every read treats an item whose `expiresAt` (epoch
 * seconds) has passed as absent.
 */
export function isLive(item: Record<string, unknown>, nowMs: number): boolean {
  const expiresAt = item.expiresAt;
  return typeof expiresAt !== 'number' || expiresAt * 1000 > nowMs;
}
