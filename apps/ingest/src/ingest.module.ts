import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { InfrastructureShutdown, PlatformModule, kafkaProvider, mongoProvider, publisherProvider } from '@onescale/platform';
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
import { VoidController } from './voids/void.controller';
import { VoidEventService } from './voids/void-event.service';

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
        InfrastructureShutdown,
      ],
    };
  }
}
