import { isPlatformOrReserved } from '../vocabulary/event-types';
import type { ClientEventEnvelope, EventOf } from './event-map';
import { typesOn, type PlatformEventType, type TopicKey } from './platform-events';

/**
 * The topic registry. Topic names are PERMANENT: a breaking change to what a topic carries is a
 * new `.v2` topic, never an edit here. No topic string may appear anywhere else in the code.
 * `eventTypes` (from each type's contract in platform-events.ts) and `clientEvents` say what a
 * topic carries: publishing anything else does not compile, and a consumer sends anything else it
 * receives to the topic's DLQ.
 */
export interface TopicSpec {
  readonly name: string;
  readonly eventTypes: readonly PlatformEventType[];
  /** Whether client-submitted events travel on it too. */
  readonly clientEvents: boolean;
  readonly key: 'rootGroupId';
  readonly producers: readonly string[];
  readonly partitions: number;
}

export const TOPICS = {
  events: {
    name: 'onescale.events.v1',
    eventTypes: typesOn('events'),
    clientEvents: true,
    key: 'rootGroupId',
    producers: ['ingest', 'quota', 'archiver'],
    partitions: 3,
  },
  usage: {
    name: 'onescale.usage.v1',
    eventTypes: typesOn('usage'),
    clientEvents: false,
    key: 'rootGroupId',
    producers: ['ingest', 'gateway', 'quota'],
    partitions: 3,
  },
} as const satisfies Record<TopicKey, TopicSpec>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

/** The events a topic carries. */
export type TopicEvent<T extends TopicSpec> =
  EventOf<T['eventTypes'][number]> | (true extends T['clientEvents'] ? ClientEventEnvelope : never);

/** The spec of a topic by its name (a consumer learns the name from the record). */
export const topicNamed = (name: string): TopicSpec | undefined => Object.values<TopicSpec>(TOPICS).find((t) => t.name === name);

/** Whether `topic` carries events of `type`. */
export const carries = (topic: TopicSpec, type: string): boolean =>
  isPlatformOrReserved(type) ? (topic.eventTypes as readonly string[]).includes(type) : topic.clientEvents;

/** Poison messages of a topic go to its dead-letter topic, with the reason in a header. */
export const dlqOf = (topic: string): string => `${topic}.dlq`;

/**
 * Topics whose records are not envelopes; names as permanent as above. `ingest`: client events that
 * other services of the platform publish instead of calling REST, one `events/batch` item per record
 * in CloudEvents binary mode (headers `ce_specversion` 1.0, `ce_id`, `ce_type` = the item's type,
 * `ce_source`; key = the group id; see ingest-record.ts). `ingestRejected`: every record of it that
 * ingest refused, as an `IngestRejection` (ingest-records.ts).
 */
export const RECORD_TOPICS = {
  ingest: { name: 'onescale.ingest.v1', key: 'groupId', producers: ['services of the platform'], partitions: 3 },
  ingestRejected: { name: 'onescale.ingest.v1.rejected', key: 'groupId', producers: ['ingest'], partitions: 3 },
} as const;

/** Every topic onescale creates (each with its dead-letter topic). */
export const ALL_TOPICS: ReadonlyArray<{ readonly name: string; readonly partitions: number }> = [
  ...Object.values(TOPICS),
  ...Object.values(RECORD_TOPICS),
];

/** Consumer groups are `<app>.<purpose>`. */
export const CONSUMER_GROUPS = {
  ingestTopic: 'ingest.topic',
  metricsProjector: 'metrics.projector',
  quotaUsage: 'quota.usage',
  quotaGroups: 'quota.groups',
  notifierDeliveries: 'notifier.deliveries',
} as const;
