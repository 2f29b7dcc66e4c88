import 'reflect-metadata';
import { CONSUMER_GROUPS } from '@onescale/ontology';
import { KafkaBatchServer, bootHttpApp, consumerSettings, configFromEnv, createKafka, kafkaConnection } from '@onescale/platform';
import { GROUPS_TRANSPORT, isGroupEventType } from './groups/groups.consumer';
import { QuotaConfig } from './quota.config';
import { QuotaModule } from './quota.module';
import { USAGE_TRANSPORT } from './usage/usage.consumer';

async function main(): Promise<void> {
  const config = configFromEnv(QuotaConfig, 'quota');
  const kafka = createKafka('onescale-quota-consumer', kafkaConnection(config));
  // Two consumer groups: usage (counting) and group events (plans, hierarchy), each its own transport.
  const usage = new KafkaBatchServer({
    kafka,
    groupId: `${CONSUMER_GROUPS.quotaUsage}${config.CONSUMER_GROUP_SUFFIX}`,
    ...consumerSettings(config),
  });
  usage.setTransportId(USAGE_TRANSPORT);
  const groups = new KafkaBatchServer({
    kafka,
    groupId: `${CONSUMER_GROUPS.quotaGroups}${config.CONSUMER_GROUP_SUFFIX}`,
    eventTypes: isGroupEventType,
    ...consumerSettings(config),
  });
  groups.setTransportId(GROUPS_TRANSPORT);
  await bootHttpApp(QuotaModule.register(config), {
    name: 'quota',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: '1mb',
    transports: [usage, groups],
  });
}

void main();
