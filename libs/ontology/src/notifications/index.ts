export * from './notification-types';
export { checkWebhookUrl, isDeliverableAddress, isForbiddenAddress } from './webhook-url';
export { DEFAULT_RETRY_POLICY, afterFailure, retryDelay, shouldDisable, type RetryPolicy } from './retry-schedule';
