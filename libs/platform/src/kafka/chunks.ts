/** Bounds on the work done between two heartbeats and commits. */
export interface ChunkLimits {
  readonly maxMessages: number;
  readonly maxBytes: number;
}

/**
 * Cuts a fetched batch into consecutive chunks of at most `maxMessages` messages and about
 * `maxBytes` bytes of values (a single larger message is a chunk of its own), in order.
 */
export function chunked<T>(items: readonly T[], sizeOf: (item: T) => number, limits: ChunkLimits): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    const size = sizeOf(item);
    if (current.length > 0 && (current.length >= limits.maxMessages || bytes + size > limits.maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
