export {
  validateClientEvent,
  actorNotFound,
  targetNotFound,
  MIN_EVENT_TIME,
  MAX_EVENT_SKEW_MS,
  type ClientEvent,
  type ClientEventContext,
} from './validate-client-event';
export {
  checkEventMetadata,
  EVENT_METADATA_RULES,
  CURRENCY_PATTERN,
  CONTENT_ACTIONS,
  PAYMENT_STATUSES,
  SUBSCRIPTION_ACTIONS,
} from './event-metadata';
export {
  feedEventOf,
  compareFeed,
  matchesFeed,
  mergeFeedDay,
  checkFeedRange,
  type FeedEvent,
  type FeedFilter,
  type FeedOrder,
  type FeedPosition,
} from './event-feed';
export { voidableEvent, eventNotFound } from './void-event';
