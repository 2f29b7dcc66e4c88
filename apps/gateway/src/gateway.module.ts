import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, brokerList, kafkaProvider, mongoProvider } from '@onescale/platform';
import { GatewayConfig } from './gateway.config';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig): DynamicModule {
    return {
      module: GatewayModule,
      imports: [PlatformModule.forApp({ name: 'gateway', logLevel: config.LOG_LEVEL })],
      providers: [
        { provide: GatewayConfig, useValue: config },
        kafkaProvider('onescale-gateway', () => brokerList(config.KAFKA_BROKERS)),
        mongoProvider(() => config.MONGODB_URI, () => config.MONGODB_DB),
        InfrastructureShutdown,
      ],
    };
  }
}
