/**
 * Redelivery guard for read-model documents. Counters (thing connection counts, creator and group
 * totals, day buckets) are not idempotent by themselves: applying the same event twice counts it
 * twice. The store makes redelivery a no-op by keeping, in each document, the highest offset
 * applied per stream and skipping any event at or below it. A document's events come from one
 * partition per topic (the Kafka key is the root group id), so offsets only grow for it; group
 * metrics also receive usage records from the usage topic, hence one position per stream.
 */
export type Positions = Readonly<Record<string, number>>;

/** `events-0`, `usage-2`: safe as a document key (no `.`). */
export const streamKey = (topicKey: string, partition: number): string => `${topicKey}-${partition}`;

export const isNewPosition = (positions: Positions | undefined, stream: string, offset: number): boolean => {
  const applied = positions?.[stream];
  return applied === undefined || offset > applied;
};

export const withPosition = (positions: Positions | undefined, stream: string, offset: number): Positions => ({
  ...positions,
  [stream]: Math.max(offset, positions?.[stream] ?? -1),
});
