import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, brokerList, kafkaProvider, mongoProvider } from '@onescale/platform';
import { IngestConfig } from './ingest.config';

@Module({})
export class IngestModule {
  static register(config: IngestConfig): DynamicModule {
    return {
      module: IngestModule,
      imports: [PlatformModule.forApp({ name: 'ingest', logLevel: config.LOG_LEVEL })],
      providers: [
        { provide: IngestConfig, useValue: config },
        kafkaProvider('onescale-ingest', () => brokerList(config.KAFKA_BROKERS)),
        mongoProvider(() => config.MONGODB_URI, () => config.MONGODB_DB),
        InfrastructureShutdown,
      ],
    };
  }
}
