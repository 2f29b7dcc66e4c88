import { isPlatformOrReserved } from '../vocabulary/event-types';
import type { ClientEventEnvelope, EventOf, PlatformEventType } from './event-map';

/**
 * The topic registry. Topic names are PERMANENT: a breaking change to what a topic carries is a
 * new `.v2` topic, never an edit here. No topic string may appear anywhere else in the code.
 * `eventTypes` (and `clientEvents`) say what a topic carries: publishing anything else does not
 * compile, and a consumer sends anything else it receives to the topic's DLQ.
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
    eventTypes: [
      'group_created',
      'group_updated',
      'thing_created',
      'thing_updated',
      'thing_deleted',
      'connection_created',
      'connection_deleted',
      'knowledge_added',
      'quota_threshold_crossed',
      'events_archived',
      'archival_failed',
    ],
    clientEvents: true,
    key: 'rootGroupId',
    producers: ['ingest', 'quota', 'archiver'],
    partitions: 3,
  },
  usage: {
    name: 'onescale.usage.v1',
    /** Gauge deltas from ingest, api calls from the gateway, hand-recorded usage from quota. */
    eventTypes: ['usage_recorded'],
    clientEvents: false,
    key: 'rootGroupId',
    producers: ['ingest', 'gateway', 'quota'],
    partitions: 3,
  },
} as const satisfies Record<string, TopicSpec>;

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

/** Consumer groups are `<app>.<purpose>`. */
export const CONSUMER_GROUPS = {
  metricsProjector: 'metrics.projector',
  quotaUsage: 'quota.usage',
  quotaGroups: 'quota.groups',
  notifierDeliveries: 'notifier.deliveries',
} as const;
