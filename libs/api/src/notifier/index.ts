export * from './webhooks.dto';
