export * from './batch-server';
export * from './kafka-client';
export * from './publisher';
export * from './kafka-connection';
export { TopicsConfig } from './create-topics';
