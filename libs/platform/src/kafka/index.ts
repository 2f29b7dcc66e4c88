export * from './batch-server';
export * from './kafka-client';
export * from './publisher';
export { TopicsConfig } from './create-topics';
