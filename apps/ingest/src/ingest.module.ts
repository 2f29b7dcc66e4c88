import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { Kafka } from 'kafkajs';
import { CONSUMER_GROUPS } from '@onescale/ontology';
import { InfrastructureShutdown, KAFKA, PlatformModule, kafkaProvider, mongoProvider, publisherProvider } from '@onescale/platform';
import { BatchController } from './batches/batch.controller';
import { QuotaAdmission } from './batches/admission';
import { ConnectionsBatchService } from './batches/connections-batch.service';
import { DeleteThingService } from './batches/delete-thing.service';
import { EventsBatchService } from './batches/events-batch.service';
import { KnowledgeBatchService } from './batches/knowledge-batch.service';
import { ThingsBatchService } from './batches/things-batch.service';
import { UpdatesBatchService } from './batches/updates-batch.service';
import { clockProvider, compositionProvider } from './composition';
import { GroupCounts } from './groups/group-counts';
import { GroupsController } from './groups/groups.controller';
import { GroupsService } from './groups/groups.service';
import { InternalGroupsController } from './groups/internal-groups.controller';
import { Idempotency } from './idempotency/idempotency';
import { IngestConfig } from './ingest.config';
import { Outbox } from './outbox/outbox';
import { IdempotencySweep } from './idempotency/idempotency-sweep.job';
import { OutboxRelay } from './outbox/relay.job';
import { HttpQuotaReservations, QuotaReservations } from './quota/quota-client';
import { WriteModel } from './store/write-model';
import { IngestTopicConsumer } from './ingestion/ingest-topic.consumer';
import { TopicIngestion } from './ingestion/topic-ingestion';
import { EventLookup } from './voids/event-lookup';
import { ProjectionPace, ProjectorProgress } from './pace/projection-pace';
import { KafkaProjectorProgress } from './pace/projector-progress';
import { VoidController } from './voids/void.controller';
import { VoidEventService } from './voids/void-event.service';

/** How often a write waiting for the projector looks at its progress again. */
const PACE_POLL_MS = 100;

@Module({})
export class IngestModule {
  static register(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [PlatformModule.forApp({ name: 'ingest', logLevel: config.LOG_LEVEL }), ScheduleModule.forRoot()],
      controllers: [GroupsController, InternalGroupsController, BatchController, VoidController, IngestTopicConsumer],
      providers: [
        { provide: IngestConfig, useValue: config },
        kafkaProvider('onescale-ingest', () => config),
        publisherProvider('ingest'),
        mongoProvider(
          () => config.MONGODB_URI,
          () => config.MONGODB_DB,
        ),
        compositionProvider,
        clockProvider,
        WriteModel,
        Outbox,
        OutboxRelay,
        IdempotencySweep,
        Idempotency,
        GroupsService,
        GroupCounts,
        { provide: QuotaReservations, useClass: HttpQuotaReservations },
        QuotaAdmission,
        ThingsBatchService,
        UpdatesBatchService,
        ConnectionsBatchService,
        EventsBatchService,
        KnowledgeBatchService,
        DeleteThingService,
        EventLookup,
        TopicIngestion,
        VoidEventService,
        {
          provide: ProjectorProgress,
          inject: [KAFKA],
          useFactory: (kafka: Kafka) =>
            new KafkaProjectorProgress(kafka, `${CONSUMER_GROUPS.metricsProjector}${config.CONSUMER_GROUP_SUFFIX}`),
        },
        {
          provide: ProjectionPace,
          inject: [ProjectorProgress],
          useFactory: (progress: ProjectorProgress) =>
            new ProjectionPace(progress, {
              backlog: config.PACE_BACKLOG,
              maxWaitMs: config.PACE_MAX_WAIT_MS,
              stallMs: config.PACE_STALL_MS,
              pollMs: PACE_POLL_MS,
            }),
        },
        InfrastructureShutdown,
      ],
    };
  }
}
