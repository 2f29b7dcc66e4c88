import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, brokerList, kafkaProvider, mongoProvider } from '@onescale/platform';
import { MetricsConfig } from './metrics.config';

@Module({})
export class MetricsModule {
  static register(config: MetricsConfig): DynamicModule {
    return {
      module: MetricsModule,
      imports: [PlatformModule.forApp({ name: 'metrics', logLevel: config.LOG_LEVEL })],
      providers: [
        { provide: MetricsConfig, useValue: config },
        kafkaProvider('onescale-metrics', () => brokerList(config.KAFKA_BROKERS)),
        mongoProvider(() => config.MONGODB_URI, () => config.MONGODB_DB),
        InfrastructureShutdown,
      ],
    };
  }
}
