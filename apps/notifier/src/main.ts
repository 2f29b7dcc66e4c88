import 'reflect-metadata';
import { CONSUMER_GROUPS, isNotificationType } from '@onescale/ontology';
import { KafkaBatchServer, bootHttpApp, consumerSettings, configFromEnv, createKafka, kafkaConnection } from '@onescale/platform';
import { NOTIFICATIONS_TRANSPORT } from './deliveries/notifications.consumer';
import { NotifierConfig } from './notifier.config';
import { NotifierModule } from './notifier.module';

async function main(): Promise<void> {
  const config = configFromEnv(NotifierConfig, 'notifier');
  const kafka = createKafka('onescale-notifier-consumer', kafkaConnection(config));
  const notifications = new KafkaBatchServer({
    kafka,
    groupId: `${CONSUMER_GROUPS.notifierDeliveries}${config.CONSUMER_GROUP_SUFFIX}`,
    // Notifications only: every other event of the topic is committed undecoded.
    eventTypes: isNotificationType,
    ...consumerSettings(config),
  });
  notifications.setTransportId(NOTIFICATIONS_TRANSPORT);
  await bootHttpApp(NotifierModule.register(config), {
    name: 'notifier',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: '64kb',
    transports: [notifications],
  });
}

void main();
