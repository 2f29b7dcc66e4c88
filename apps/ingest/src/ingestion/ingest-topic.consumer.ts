import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { RECORD_TOPICS } from '@onescale/ontology';
import type { BatchOutcome, RecordBatch } from '@onescale/platform';
import { TopicIngestion } from './topic-ingestion';

/** Consumer group `ingest.topic`: client events other services publish (SPEC §7). Throwing leaves the chunk uncommitted. */
@Controller()
export class IngestTopicConsumer {
  constructor(private readonly ingestion: TopicIngestion) {}

  @EventPattern(RECORD_TOPICS.ingest.name)
  async onRecords(@Payload() batch: RecordBatch): Promise<BatchOutcome> {
    await this.ingestion.ingest(batch);
    return {};
  }
}
