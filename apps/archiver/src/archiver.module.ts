import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, brokerList, kafkaProvider, mongoProvider, s3Provider } from '@onescale/platform';
import { ArchiverConfig } from './archiver.config';

@Module({})
export class ArchiverModule {
  static register(config: ArchiverConfig): DynamicModule {
    return {
      module: ArchiverModule,
      imports: [PlatformModule.forApp({ name: 'archiver', logLevel: config.LOG_LEVEL })],
      providers: [
        { provide: ArchiverConfig, useValue: config },
        kafkaProvider('onescale-archiver', () => brokerList(config.KAFKA_BROKERS)),
        mongoProvider(() => config.MONGODB_URI, () => config.MONGODB_DB),
        s3Provider(() => ({
          endpoint: config.S3_ENDPOINT,
          region: config.S3_REGION,
          bucket: config.S3_BUCKET,
          accessKeyId: config.S3_ACCESS_KEY_ID,
          secretAccessKey: config.S3_SECRET_ACCESS_KEY,
        })),
        InfrastructureShutdown,
      ],
    };
  }
}
