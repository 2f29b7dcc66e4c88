/**
 * Canonical names clients may not submit although they are in the vocabulary: onescale emits its
 * own lifecycle events (`thing_*`, `group_*`), and a client `entity_*` would fake one.
 */
export const RESERVED_EVENT_TYPES = [
  'entity_created',
  'entity_updated',
  'entity_deleted',
  'entity_archived',
  'group_created',
  'group_updated',
] as const;
