import type { FieldChange, ThingStatus, UsageMetric } from '@onescale/ontology';

/**
 * The outbox: one record per write request, inserted BEFORE the rows it names. After the rows are
 * written the request publishes their events and deletes the record; a record still present after a
 * while means a crash or a broker outage, and the relay finishes it from the rows that exist.
 */
export interface BatchRecord {
  _id: string;
  kind: 'things' | 'updates' | 'delete_thing' | 'connections' | 'events' | 'knowledge' | 'group';
  groupId: string;
  rootGroupId: string;
  createdAt: number;
  /** Row ids (things, connection keys, knowledge ids, claim ids) whose events this record publishes. */
  itemIds: string[];
  /**
   * More row ids, as ranges of item indexes (things batches: 10,000 ids make a 400 KB record, two
   * numbers make a few bytes). Each id is `itemId(seed, kind, index, createdAt, ordered)`.
   */
  itemRanges?: ItemRanges;
  /** Client events (kind `events`) or group events, as JSON text. */
  events?: string;
  /** Quota reservations this batch confirms through its usage records. */
  reservations: Array<{ metric: UsageMetric; reservationId: string; reservedAmount: number }>;
  /** For kind `group`: the group row version the event leads to. */
  groupVersion?: number;
}

/**
 * A claim on version `version` of a thing: the one atomic write FerretDB offers (a unique `_id`) decides
 * which of two concurrent updates or deletes goes first. It carries the state it leads to and its events.
 */
export interface ThingClaim {
  _id: string;
  thingId: string;
  version: number;
  kind: 'update' | 'delete';
  batchId: string;
  at: number;
  name: string;
  properties: string;
  status: ThingStatus;
  bytes: number;
  previousBytes: number;
  changes: string;
  eventId: string;
  /** For deletes: the connection keys removed with the thing. */
  connectionKeys?: string[];
}

/** A claim on deleting one connection: exactly one deleter publishes `connection_deleted`. */
export interface ConnectionDeletion {
  _id: string;
  batchId: string;
  at: number;
  eventId: string;
  /** The connection row as it was, JSON text. */
  row: string;
}

/**
 * A void (`_id`: the voided event's id): the one claim that decides its `event_voided`. A second void
 * of the same event meets it and republishes that same event at most (consumers keep each event id
 * once), so every figure is reversed once whatever the retries and races.
 */
export interface VoidRecord {
  _id: string;
  groupId: string;
  batchId: string;
  at: number;
  /** The `event_voided` envelope, JSON text. */
  event: string;
  /** Where it was published; null until then. */
  position: number | null;
}

export interface IdempotencyRecord {
  _id: string;
  requestHash: string;
  state: 'pending' | 'done';
  createdAt: number;
  status?: number;
  response?: string;
  /** Item ids carry their index (`itemId`); absent on records written before they did. */
  orderedIds?: boolean;
}

export type ChangesByField = Record<string, FieldChange>;

/**
 * Items `[start, end)` of each range, whose ids derive from `seed` (idempotency.ts `itemId`). The
 * ranges are flat, `[start, end, start, end, …]`: FerretDB stores no arrays within arrays.
 */
export interface ItemRanges {
  readonly seed: string;
  readonly kind: string;
  readonly bounds: readonly number[];
  /** The ids carry their index (`itemId`); absent on records written before they did. */
  readonly ordered?: boolean;
}

/** Ascending indexes as flat ranges `[start, end, start, end, …]`. */
export function rangesOf(indexes: readonly number[]): number[] {
  const bounds: number[] = [];
  for (const index of indexes) {
    if (bounds.length > 0 && bounds[bounds.length - 1] === index) bounds[bounds.length - 1] = index + 1;
    else bounds.push(index, index + 1);
  }
  return bounds;
}

/** The item indexes of flat ranges, in order. */
export function indexesOf(bounds: readonly number[]): number[] {
  const indexes: number[] = [];
  for (let i = 0; i + 1 < bounds.length; i += 2) for (let index = bounds[i]!; index < bounds[i + 1]!; index++) indexes.push(index);
  return indexes;
}
