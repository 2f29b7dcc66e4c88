import 'reflect-metadata';
import { CONSUMER_GROUPS, RECORD_TOPICS } from '@onescale/ontology';
import { KafkaBatchServer, bootHttpApp, configFromEnv, consumerSettings, createKafka, kafkaConnection } from '@onescale/platform';
import { IngestConfig } from './ingest.config';
import { IngestModule } from './ingest.module';

async function main(): Promise<void> {
  const config = configFromEnv(IngestConfig, 'ingest');
  // Client events other services publish to the ingestion topic, written through the batch path.
  const ingestion = new KafkaBatchServer({
    kafka: createKafka('onescale-ingest-consumer', kafkaConnection(config)),
    groupId: `${CONSUMER_GROUPS.ingestTopic}${config.CONSUMER_GROUP_SUFFIX}`,
    recordTopics: [RECORD_TOPICS.ingest.name],
    ...consumerSettings(config),
  });
  await bootHttpApp(IngestModule.register(config), {
    name: 'ingest',
    port: config.PORT,
    internalToken: config.INTERNAL_TOKEN,
    bodyLimit: config.BODY_LIMIT,
    transports: [ingestion],
  });
}

void main();
