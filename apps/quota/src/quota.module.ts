import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, brokerList, kafkaProvider, mongoProvider } from '@onescale/platform';
import { QuotaConfig } from './quota.config';

@Module({})
export class QuotaModule {
  static register(config: QuotaConfig): DynamicModule {
    return {
      module: QuotaModule,
      imports: [PlatformModule.forApp({ name: 'quota', logLevel: config.LOG_LEVEL })],
      providers: [
        { provide: QuotaConfig, useValue: config },
        kafkaProvider('onescale-quota', () => brokerList(config.KAFKA_BROKERS)),
        mongoProvider(() => config.MONGODB_URI, () => config.MONGODB_DB),
        InfrastructureShutdown,
      ],
    };
  }
}
