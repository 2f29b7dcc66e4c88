import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { ALL_TOPICS, dlqOf } from '@onescale/ontology';
import { KafkaConnectionConfig } from '../config/kafka-connection.config';
import { configFromEnv } from '../config/load-config';
import { createKafka, ensureTopics } from './kafka-client';
import { kafkaConnection } from './kafka-connection';

/** What the topic-creation job reads from its environment: where the brokers are and how to log in. */
export class TopicsConfig extends KafkaConnectionConfig {}

/**
 * Creates every topic of the registry and its dead-letter topic, with the registry's partition counts
 * and the cluster's default replication factor; existing topics are left as they are. The apps do the
 * same at boot, but on a managed cluster that forbids clients to create topics this runs once, as the
 * deployment's Job (`node dist/libs/platform/src/kafka/create-topics.js`), with admin credentials.
 */
export async function createTopics(config: TopicsConfig): Promise<string[]> {
  await ensureTopics(createKafka('onescale-create-topics', kafkaConnection(config)));
  return ALL_TOPICS.flatMap((spec) => [spec.name, dlqOf(spec.name)]);
}

if (require.main === module) {
  const log = new Logger('create-topics');
  createTopics(configFromEnv(TopicsConfig, 'create-topics')).then(
    (topics) => log.log(`topics ready: ${topics.join(', ')}`),
    (error: Error) => {
      log.error(`topic creation failed: ${error.message}`);
      process.exit(1);
    },
  );
}
