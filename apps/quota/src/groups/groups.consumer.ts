import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, isType } from '@onescale/ontology';
import type { BatchOutcome, TopicBatch } from '@onescale/platform';
import { GroupDirectory } from './group-directory';

/** The group consumer's transport (its own KafkaBatchServer, consumer group `quota.groups`). */
export const GROUPS_TRANSPORT = Symbol('quota.groups');

/** The only events it applies: its transport commits the others undecoded. */
export const isGroupEventType = (type: string): boolean => type === 'group_created' || type === 'group_updated';

/**
 * Learns plans and hierarchy from `group_created` / `group_updated`; every other event is ignored.
 * A group event with a malformed group never gets here: the decoder sends it to the DLQ.
 */
@Controller()
export class GroupsConsumer {
  constructor(private readonly directory: GroupDirectory) {}

  @EventPattern(TOPICS.events.name, GROUPS_TRANSPORT)
  async onEvents(@Payload() batch: TopicBatch<typeof TOPICS.events>): Promise<BatchOutcome> {
    for (const { envelope } of batch.events) {
      if (isType(envelope, 'group_created') || isType(envelope, 'group_updated')) await this.directory.learn(envelope.data.group);
    }
    return {};
  }
}
