import { Module, type DynamicModule, type OnApplicationShutdown, Injectable } from '@nestjs/common';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import {
  DayLedger,
  DocCache,
  DocStore,
  HOT_EVENTS,
  HOT_USAGE_EVENTS,
  HotEventStore,
  hotStoreDb,
  InfrastructureShutdown,
  KAFKA,
  MONGO,
  PlatformModule,
  Shards,
  kafkaProvider,
  mongoProvider,
} from '@onescale/platform';
import { COMPOSITION, compositionProvider } from './composition';
import { InternalEventsController } from './internal/internal-events.controller';
import { MetricsConfig } from './metrics.config';
import { CONSUMER_GROUPS, type Composition } from './ontology';
import { Projector, type CrashPoint } from './projector/projector';
import { ProjectorConsumer } from './projector/projector.consumer';
import { ReadModelWriter } from './projector/read-model-writer';
import { Freshness } from './read/freshness';
import { MetricsController } from './read/metrics.controller';
import { MetricsReads } from './read/metrics-reads';
import { ReadCache } from './read/read-cache';
import { ReadModels } from './read/read-models';
import { PROGRESS } from './store/collections';
import { EventLog } from './store/event-log';
import { ListStore } from './store/list-store';
import { Progress } from './store/progress';

const PROJECTOR_DOCS = 'metrics:projector-docs';

/** A crash drill (METRICS_CRASH_AFTER): SIGKILL at the n-th time the projector reaches the point. */
const crashDrill = (config: MetricsConfig): ((point: CrashPoint) => void) => {
  let hits = 0;
  return (point) => {
    if (point !== config.METRICS_CRASH_AFTER || ++hits < config.METRICS_CRASH_ON_HIT) return;
    process.kill(process.pid, 'SIGKILL');
  };
};

/** Closes the admin client on shutdown. */
@Injectable()
class MetricsLifecycle implements OnApplicationShutdown {
  constructor(private readonly freshness: Freshness) {}

  async onApplicationShutdown(): Promise<void> {
    await this.freshness.close();
  }
}

@Module({})
export class MetricsModule {
  static register(config: MetricsConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [PlatformModule.forApp({ name: 'metrics', logLevel: config.LOG_LEVEL })],
      controllers: [MetricsController, InternalEventsController, ProjectorConsumer],
      providers: [
        { provide: MetricsConfig, useValue: config },
        kafkaProvider('onescale-metrics', () => config),
        mongoProvider(
          () => config.MONGODB_URI,
          () => config.MONGODB_DB,
        ),
        compositionProvider(config.ONTOLOGY_FILE),
        // Readers always read the database; the projector remembers what it wrote (`DocCache` of libs/platform).
        { provide: DocStore, inject: [MONGO], useFactory: (c: Connection) => new DocStore(new Shards(c.db!, config.READ_MODEL_SHARDS)) },
        { provide: ListStore, inject: [DocStore], useFactory: (docs: DocStore) => new ListStore(docs) },
        {
          provide: PROJECTOR_DOCS,
          inject: [MONGO],
          useFactory: (c: Connection) => new DocStore(new Shards(c.db!, config.READ_MODEL_SHARDS), new DocCache()),
        },
        {
          provide: HotEventStore,
          inject: [MONGO],
          useFactory: (c: Connection) => new HotEventStore(hotStoreDb(c, config.HOT_STORE_DB), HOT_EVENTS),
        },
        { provide: DayLedger, inject: [MONGO], useFactory: (c: Connection) => DayLedger.of(hotStoreDb(c, config.HOT_STORE_DB)) },
        { provide: Progress, inject: [MONGO], useFactory: (c: Connection) => new Progress(c.db!.collection(PROGRESS)) },
        {
          provide: Projector,
          inject: [COMPOSITION, PROJECTOR_DOCS, MONGO, Progress],
          useFactory: (composition: Composition, docs: DocStore, c: Connection, progress: Progress) =>
            new Projector(
              composition,
              docs,
              new ReadModelWriter(docs, new ListStore(docs)),
              new EventLog(new HotEventStore(hotStoreDb(c, config.HOT_STORE_DB), HOT_EVENTS)),
              new EventLog(new HotEventStore(hotStoreDb(c, config.HOT_STORE_DB), HOT_USAGE_EVENTS)),
              DayLedger.of(hotStoreDb(c, config.HOT_STORE_DB)),
              progress,
              crashDrill(config),
            ),
        },
        {
          provide: Freshness,
          inject: [KAFKA, Progress],
          useFactory: (kafka: Kafka, progress: Progress) =>
            new Freshness(kafka, progress, config.READ_WAIT_MS, `${CONSUMER_GROUPS.metricsProjector}${config.CONSUMER_GROUP_SUFFIX}`),
        },
        {
          provide: ReadModels,
          inject: [DocStore, ListStore],
          useFactory: (docs: DocStore, lists: ListStore) => new ReadModels(docs, lists),
        },
        {
          provide: MetricsReads,
          inject: [ReadModels, Freshness],
          useFactory: (models: ReadModels, freshness: Freshness) =>
            new MetricsReads(models, freshness, () => Date.now(), new ReadCache(config.READ_CACHE_ENTRIES)),
        },
        MetricsLifecycle,
        InfrastructureShutdown,
      ],
    };
  }
}
