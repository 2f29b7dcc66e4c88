import type { Connection, Group, Knowledge, Thing } from './entities';

/** Event types only onescale emits; clients may not submit them. */
export const PLATFORM_EVENT_TYPES = [
  'group_created',
  'group_updated',
  'thing_created',
  'thing_updated',
  'thing_deleted',
  'connection_created',
  'connection_deleted',
  'knowledge_added',
  'usage_recorded',
  'quota_threshold_crossed',
  'events_archived',
  'archival_failed',
] as const;

/** Data carried by each platform event (the envelope's `data`). Platform events have no actorId. */
export interface GroupEventData {
  readonly group: Group;
}
export interface GroupUpdatedData extends GroupEventData {
  /** Every changed field with its old and new value. */
  readonly changes: Readonly<Record<string, FieldChange>>;
}
export interface ThingCreatedData {
  readonly thing: Thing;
  /** Bytes the thing counts against storage (see `thingBytes`). */
  readonly bytes: number;
}
export interface FieldChange {
  readonly old: unknown;
  readonly new: unknown;
}
export interface ThingUpdatedData {
  /** Every changed field with its old and new value. */
  readonly changes: Readonly<Record<string, FieldChange>>;
  /** The thing after the update. */
  readonly thing: Thing;
  readonly bytes: number;
  readonly previousBytes: number;
}
export interface ThingDeletedData {
  readonly thing: Thing;
  readonly bytes: number;
}
export interface ConnectionEventData {
  readonly connection: Connection;
  /** Thing types of the two endpoints, so read models (group metrics) need no lookup. */
  readonly fromThingType: string;
  readonly toThingType: string;
}
export interface KnowledgeAddedData {
  readonly knowledge: Knowledge;
  readonly bytes: number;
}
export interface QuotaThresholdCrossedData {
  readonly metric: string;
  readonly level: 'warning' | 'critical' | 'exceeded';
  readonly current: number;
  readonly limit: number;
  readonly periodStart: number;
}
export interface EventsArchivedData {
  readonly count: number;
  readonly cutoff: number;
  readonly objectKeys: readonly string[];
  readonly runId: string;
}
/** A group's archival stopped at a step; its events stay hot and the next run retries them. */
export interface ArchivalFailedData {
  readonly runId: string;
  /** The step that failed first (dedupe, upload, delete, emit, stopped). */
  readonly stage: string;
  readonly error: string;
  /** Events of the group this run did not archive. */
  readonly failed: number;
}
