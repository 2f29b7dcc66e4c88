import 'reflect-metadata';
import { CONSUMER_GROUPS, TOPICS } from '@onescale/ontology';
import { KafkaBatchServer, bootHttpApp, consumerSettings, configFromEnv, createKafka, kafkaConnection } from '@onescale/platform';
import { MetricsConfig } from './metrics.config';
import { MetricsModule } from './metrics.module';
import { Projector } from './projector/projector';
import { Progress } from './store/progress';

async function main(): Promise<void> {
  const config = configFromEnv(MetricsConfig, 'metrics');
  const kafka = createKafka('onescale-metrics-consumer', kafkaConnection(config));
  // One consumer group for both topics: events feed the read models, usage the api-call counts.
  const projector = new KafkaBatchServer({
    kafka,
    groupId: `${CONSUMER_GROUPS.metricsProjector}${config.CONSUMER_GROUP_SUFFIX}`,
    ...consumerSettings(config),
  });
  const app = await bootHttpApp(MetricsModule.register(config), {
    name: 'metrics',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: '1mb',
    transports: [projector],
  });
  // After a rebalance another process may have written this process's partitions: forget the
  // cached documents and offsets. Reads of the partitions this process projects take their offset
  // from memory.
  const projection = app.get(Projector);
  const progress = app.get(Progress);
  const topicNames: Record<string, string> = { events: TOPICS.events.name, usage: TOPICS.usage.name };
  progress.ownedBy((topic, partition) => projector.health.consumes(topicNames[topic] ?? topic, partition));
  projector.onRebalance(() => {
    projection.forget();
    progress.forget();
  });
}

void main();
