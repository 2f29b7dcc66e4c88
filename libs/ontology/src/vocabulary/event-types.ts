import { PLATFORM_EVENT_TYPES } from '../contracts/platform-events';
import { RESERVED_EVENT_TYPES } from '../contracts/reserved-event-types';

/** The default event types: the 72 names the ONE documents enumerate (they claim 67). */
export const EVENT_TYPES = [
  // lifecycle (reserved for the platform)
  'entity_created',
  'entity_updated',
  'entity_deleted',
  'entity_archived',
  // user
  'user_registered',
  'user_verified',
  'user_login',
  'user_logout',
  'profile_updated',
  // auth
  'password_reset_requested',
  'password_reset_completed',
  'email_verification_sent',
  'email_verified',
  'two_factor_enabled',
  'two_factor_disabled',
  // group (the first two reserved for the platform)
  'group_created',
  'group_updated',
  'user_invited_to_group',
  'user_joined_group',
  'user_removed_from_group',
  // dashboard/ui
  'dashboard_viewed',
  'settings_updated',
  'theme_changed',
  'preferences_updated',
  // ai clone
  'clone_created',
  'clone_updated',
  'voice_cloned',
  'appearance_cloned',
  // agent
  'agent_created',
  'agent_executed',
  'agent_completed',
  'agent_failed',
  // token
  'token_created',
  'token_minted',
  'token_burned',
  'tokens_purchased',
  'tokens_staked',
  'tokens_unstaked',
  'tokens_transferred',
  // course
  'course_created',
  'course_enrolled',
  'lesson_completed',
  'course_completed',
  'certificate_earned',
  // analytics
  'metric_calculated',
  'insight_generated',
  'prediction_made',
  'optimization_applied',
  'report_generated',
  // cycle
  'cycle_request',
  'cycle_completed',
  'cycle_failed',
  'cycle_quota_exceeded',
  'cycle_revenue_collected',
  'org_revenue_generated',
  'revenue_share_distributed',
  // blockchain
  'nft_minted',
  'nft_transferred',
  'tokens_bridged',
  'contract_deployed',
  'treasury_withdrawal',
  // consolidated (the variant travels in metadata)
  'content_event',
  'payment_event',
  'subscription_event',
  'commerce_event',
  'livestream_event',
  'notification_event',
  'referral_event',
  'communication_event',
  'task_event',
  'mandate_event',
  'price_event',
] as const;

/** onescale's own revenue event (metadata `amount` ≥ 0, `currency`, default USD): creator stats sum it. */
export const REVENUE_EVENT_TYPE = 'revenue_generated';

export { RESERVED_EVENT_TYPES };

const NOT_CLIENT_SUBMITTABLE: ReadonlySet<string> = new Set<string>([...PLATFORM_EVENT_TYPES, ...RESERVED_EVENT_TYPES]);

/** True for platform event types and reserved names: no composition can make them client events. */
export const isPlatformOrReserved = (type: string): boolean => NOT_CLIENT_SUBMITTABLE.has(type);
