/**
 * Broker answers that mean this member no longer owns its partitions and must join the group again:
 * the ones kafkajs's consumer loop answers by joining again when they reach it unwrapped.
 */
const MEMBERSHIP_LOST = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP']);

interface MaybeKafkaError {
  readonly type?: unknown;
  readonly cause?: unknown;
  readonly originalError?: unknown;
}

/** The protocol error behind `error` (kafkajs wraps them in retry errors) when it means a lost membership. */
export function membershipLost(error: unknown): (Error & { type: string }) | null {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const e = current as MaybeKafkaError;
    if (typeof e.type === 'string' && MEMBERSHIP_LOST.has(e.type)) return current as Error & { type: string };
    current = e.cause ?? e.originalError;
  }
  return null;
}
