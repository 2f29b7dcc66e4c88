import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { InfrastructureShutdown, PlatformModule, kafkaProvider, mongoProvider, publisherProvider, s3Provider } from '@onescale/platform';
import { ArchiveObjects } from './archive/archive-objects';
import { Manifests } from './archive/manifests';
import { ArchivalController } from './archival/archival.controller';
import { ArchivalRuns } from './archival/archival-runs';
import { GroupRunStarts } from './archival/group-run-starts';
import { ArchivalScheduler } from './archival/archival.job';
import { ArchivalService } from './archival/archival.service';
import { ArchiverConfig } from './archiver.config';
import { clockProvider } from './clock';
import { Backlog } from './hot-store/backlog';
import { EventFeed } from './feed/event-feed';
import { EventFeedController } from './feed/event-feed.controller';
import { hotStoreProviders } from './hot-store/hot-events';
import { ArchiveReadController } from './reading/archive-read.controller';
import { ArchiveReader } from './reading/archive-reader';
import { InternalArchiveController } from './reading/internal-archive.controller';
import { GroupRetention } from './retention/group-retention';
import { ArchivalStatusService } from './status/archival-status.service';

/** `service`: HTTP routes and the daily schedule; `once`: one pass for a scheduled pod, no HTTP. */
export type ArchiverMode = 'service' | 'once';

@Module({})
export class ArchiverModule {
  static register(config: ArchiverConfig, mode: ArchiverMode = 'service'): DynamicModule {
    const infrastructure: Provider[] = [
      { provide: ArchiverConfig, useValue: config },
      kafkaProvider(config.KAFKA_CLIENT_ID ?? 'onescale-archiver', () => config),
      publisherProvider('archiver'),
      mongoProvider(
        () => config.MONGODB_URI,
        () => config.MONGODB_DB,
      ),
      ...hotStoreProviders,
      s3Provider(() => ({
        endpoint: config.S3_ENDPOINT,
        region: config.S3_REGION,
        bucket: config.S3_BUCKET,
        accessKeyId: config.S3_ACCESS_KEY_ID,
        secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      })),
      clockProvider,
      InfrastructureShutdown,
    ];
    const archival: Provider[] = [Backlog, Manifests, ArchiveObjects, ArchivalRuns, GroupRunStarts, GroupRetention, ArchivalService];
    if (mode === 'once') {
      return {
        module: ArchiverModule,
        imports: [PlatformModule.forApp({ name: 'archiver', logLevel: config.LOG_LEVEL })],
        providers: [...infrastructure, ...archival],
      };
    }
    return {
      module: ArchiverModule,
      imports: [PlatformModule.forApp({ name: 'archiver', logLevel: config.LOG_LEVEL }), ScheduleModule.forRoot()],
      controllers: [ArchivalController, ArchiveReadController, EventFeedController, InternalArchiveController],
      providers: [...infrastructure, ...archival, ArchivalStatusService, ArchiveReader, EventFeed, ArchivalScheduler],
    };
  }
}
