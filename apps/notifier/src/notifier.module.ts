import { Module, type DynamicModule } from '@nestjs/common';
import { InfrastructureShutdown, PlatformModule, kafkaProvider, mongoProvider } from '@onescale/platform';
import { DeliveryRepository } from './deliveries/delivery.repository';
import { DeliveryWorker } from './deliveries/delivery.worker';
import { NotificationsConsumer } from './deliveries/notifications.consumer';
import { EndpointRepository } from './endpoints/endpoint.repository';
import { WebhooksController } from './endpoints/webhooks.controller';
import { NotifierConfig } from './notifier.config';

@Module({})
export class NotifierModule {
  static register(config: NotifierConfig): DynamicModule {
    return {
      module: NotifierModule,
      imports: [PlatformModule.forApp({ name: 'notifier', logLevel: config.LOG_LEVEL })],
      controllers: [WebhooksController, NotificationsConsumer],
      providers: [
        { provide: NotifierConfig, useValue: config },
        kafkaProvider('onescale-notifier', () => config),
        mongoProvider(
          () => config.MONGODB_URI,
          () => config.MONGODB_DB,
        ),
        EndpointRepository,
        DeliveryRepository,
        DeliveryWorker,
        InfrastructureShutdown,
      ],
    };
  }
}
