import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import type { BatchOutcome, TopicBatch } from '@onescale/platform';
import { TOPICS } from '../ontology';
import { Freshness } from '../read/freshness';
import { Projector } from './projector';

/**
 * One consumer (group `metrics.projector`) for both topics: the events topic feeds the read
 * models, the usage topic the api-call counts. Throwing leaves the batch uncommitted: it is
 * delivered again and applied exactly once in effect.
 */
@Controller()
export class ProjectorConsumer {
  constructor(
    private readonly projector: Projector,
    private readonly freshness: Freshness,
  ) {}

  @EventPattern(TOPICS.events.name)
  async onEvents(@Payload() batch: TopicBatch<typeof TOPICS.events>): Promise<BatchOutcome> {
    await this.projector.onEvents(batch);
    void this.freshness.refreshLag();
    return {};
  }

  @EventPattern(TOPICS.usage.name)
  async onUsage(@Payload() batch: TopicBatch<typeof TOPICS.usage>): Promise<BatchOutcome> {
    await this.projector.onUsage(batch);
    return {};
  }
}
