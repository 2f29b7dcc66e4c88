import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { PLANS, TOPICS, type Group, type GroupEventData } from '@onescale/ontology';
import type { BatchOutcome, EventBatch } from '@onescale/platform';
import { GroupDirectory } from './group-directory';

/** The group consumer's transport (its own KafkaBatchServer, consumer group `quota.groups`). */
export const GROUPS_TRANSPORT = Symbol('quota.groups');

const GROUP_EVENTS = new Set(['group_created', 'group_updated']);

const isGroup = (g: unknown): g is Group => {
  const v = g as Partial<Group> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    typeof v.id === 'string' &&
    typeof v.rootGroupId === 'string' &&
    PLANS.includes(v.plan as Group['plan']) &&
    typeof v.updatedAt === 'number'
  );
};

/** Learns plans and hierarchy from `group_created` / `group_updated`; every other event is ignored. */
@Controller()
export class GroupsConsumer {
  constructor(private readonly directory: GroupDirectory) {}

  @EventPattern(TOPICS.events.name, GROUPS_TRANSPORT)
  async onEvents(@Payload() batch: EventBatch): Promise<BatchOutcome> {
    const deadLetters: Array<{ offset: number; reason: string }> = [];
    for (const { envelope, offset } of batch.events) {
      if (!GROUP_EVENTS.has(envelope.type)) continue;
      const { group } = envelope.data as unknown as GroupEventData;
      if (isGroup(group)) await this.directory.learn(group);
      else deadLetters.push({ offset, reason: `${envelope.type} without a valid group` });
    }
    return { deadLetters };
  }
}
