/**
 * The metrics database. Read models are split into shard collections (`Shards` of libs/platform) and read only by
 * `_id`; the hot event stores and their day ledger are libs/platform's (hot-store), `progress` holds
 * the applied offset per partition.
 */
export const READ_MODELS = {
  /** One document per thing: its read model, creator stats and the heads of its lists. */
  entities: 'entities',
  groupMetrics: 'group_metrics',
  activePeople: 'active_people',
  apiCalls: 'api_calls',
  /** Heads of the group lists (things per group/type/status, content ranking). */
  listHeads: 'list_heads',
  /** Chunks of every list, `<owner>#<no>`. */
  listChunks: 'list_chunks',
  knowledge: 'knowledge',
  /**
   * One empty document per thing document ever created, inserted before it: a successful insert
   * proves the thing document does not exist yet, which costs far less than looking it up.
   */
  entityClaims: 'entity_claims',
} as const;

export type ReadModel = (typeof READ_MODELS)[keyof typeof READ_MODELS];

export const PROGRESS = 'progress';

/** `_id` of a chunk of a list. */
export const chunkId = (owner: string, no: number): string => `${owner}#${no}`;

/** Owner name of a thing's list (its head lives in the thing's document). */
export const entityListOwner = (entityId: string, list: string): string => `${entityId}/${list}`;
