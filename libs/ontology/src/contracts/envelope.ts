/**
 * The one envelope every event travels in, on every topic. The Kafka record key is
 * `rootGroupId` (a tenant's events stay ordered in one partition) and the record timestamp is
 * `recordedAt` (ingest time), never the event time: backdated events must survive topic retention.
 * The union of every event's envelope is `EventEnvelope` (event-map.ts).
 */
export type Envelope<K extends string, D> = {
  readonly id: string;
  readonly type: K;
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly actorId?: string;
  readonly targetId?: string;
  /** Event time (epoch ms). */
  readonly timestamp: number;
  /** Ingest time (epoch ms). */
  readonly recordedAt: number;
  readonly data: D;
  readonly schemaVersion: number;
};

export const ENVELOPE_SCHEMA_VERSION = 1;

/** Where an event sits in its topic: projections record it to make redelivery a no-op. */
export interface LogPosition {
  readonly partition: number;
  readonly offset: number;
}
