import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Kafka } from 'kafkajs';
import type { Connection } from 'mongoose';
import { ReadinessRegistry } from '../http/readiness';
import { exitOnConfigProblem } from '../config/load-config';
import { createKafka, describeCluster, ensureTopics } from '../kafka/kafka-client';
import { checkKafkaSettings, KafkaSettingError, kafkaConnection, type KafkaConnectionSettings } from '../kafka/kafka-connection';
import { EventPublisher } from '../kafka/publisher';
import { connectMongo, pingMongo } from '../mongo/mongo';
import { S3Storage, type S3Settings } from '../s3/s3-storage';

/** Injection tokens for the infrastructure clients an app uses. */
export const KAFKA = 'onescale:kafka';
export const MONGO = 'onescale:mongo';
export const S3 = 'onescale:s3';

export const InjectKafka = (): ParameterDecorator => Inject(KAFKA);
export const InjectMongo = (): ParameterDecorator => Inject(MONGO);
export const InjectS3 = (): ParameterDecorator => Inject(S3);

/**
 * A Kafka client whose topics exist and whose cluster is part of the app's readiness. Settings that
 * cannot work (a refused login, an untrusted certificate) stop the app at once, naming the setting.
 */
export const kafkaProvider = (clientId: string, settings: () => KafkaConnectionSettings): Provider => ({
  provide: KAFKA,
  inject: [ReadinessRegistry],
  useFactory: async (readiness: ReadinessRegistry): Promise<Kafka> => {
    try {
      const connection = kafkaConnection(settings());
      await checkKafkaSettings(connection, settings());
      const kafka = createKafka(clientId, connection);
      await ensureTopics(kafka);
      readiness.register('kafka', () => describeCluster(kafka));
      return kafka;
    } catch (error) {
      if (error instanceof KafkaSettingError) exitOnConfigProblem(clientId, 'Kafka settings cannot work', [error.message]);
      throw error;
    }
  },
});

/** The app's typed publisher (idempotent, acks=all), disconnected on shutdown. */
export const publisherProvider = (source: string): Provider => ({
  provide: EventPublisher,
  inject: [KAFKA],
  useFactory: async (kafka: Kafka): Promise<EventPublisher> => {
    const publisher = new EventPublisher(kafka, source);
    await publisher.connect();
    return publisher;
  },
});

export const mongoProvider = (uri: () => string, dbName: () => string): Provider => ({
  provide: MONGO,
  inject: [ReadinessRegistry],
  useFactory: async (readiness: ReadinessRegistry): Promise<Connection> => {
    const connection = await connectMongo(uri(), dbName());
    readiness.register('mongodb', () => pingMongo(connection));
    return connection;
  },
});

export const s3Provider = (settings: () => S3Settings): Provider => ({
  provide: S3,
  inject: [ReadinessRegistry],
  useFactory: (readiness: ReadinessRegistry): S3Storage => {
    const storage = new S3Storage(settings());
    readiness.register('s3', () => storage.ping());
    return storage;
  },
});

/** Closes what the providers opened, after the HTTP server and consumers have stopped. */
@Injectable()
export class InfrastructureShutdown implements OnApplicationShutdown {
  constructor(private readonly moduleRef: ModuleRef) {}

  async onApplicationShutdown(): Promise<void> {
    const find = <T>(token: unknown): T | undefined => {
      try {
        return this.moduleRef.get(token as string, { strict: false }) as T;
      } catch {
        return undefined;
      }
    };
    await Promise.allSettled([
      find<EventPublisher>(EventPublisher)?.disconnect(),
      find<Connection>(MONGO)?.close(),
      Promise.resolve(find<S3Storage>(S3)?.destroy()),
    ]);
  }
}
