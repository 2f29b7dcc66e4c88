/**
 * The topic registry. Topic names are PERMANENT: a breaking change to what a topic carries is a
 * new `.v2` topic, never an edit here. No topic string may appear anywhere else in the code.
 */
export interface TopicSpec {
  readonly name: string;
  readonly carries: string;
  readonly key: 'rootGroupId';
  readonly producers: readonly string[];
  readonly partitions: number;
}

export const TOPICS = {
  events: {
    name: 'onescale.events.v1',
    carries: 'every ontology event: thing, connection and knowledge lifecycle, client events, group changes, quota alerts, archival',
    key: 'rootGroupId',
    producers: ['ingest', 'quota', 'archiver'],
    partitions: 3,
  },
  usage: {
    name: 'onescale.usage.v1',
    carries: 'usage_recorded records: gauge deltas from ingest, api calls from the gateway',
    key: 'rootGroupId',
    producers: ['ingest', 'gateway', 'quota'],
    partitions: 3,
  },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof TOPICS)[keyof typeof TOPICS]['name'];

/** Poison messages of a topic go to its dead-letter topic, with the reason in a header. */
export const dlqOf = (topic: string): string => `${topic}.dlq`;

/** Consumer groups are `<app>.<purpose>`. */
export const CONSUMER_GROUPS = {
  metricsProjector: 'metrics.projector',
  quotaUsage: 'quota.usage',
  quotaGroups: 'quota.groups',
} as const;
