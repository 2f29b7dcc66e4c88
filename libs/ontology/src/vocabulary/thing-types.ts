/**
 * The default thing types: the ONE canonical vocabulary as actually enumerated (61 names; the ONE
 * documents claim 66). Grouped as in `ontology-vocabulary.md`; order is the documents' order.
 */
export const THING_TYPES = [
  // core
  'creator',
  'ai_clone',
  'audience_member',
  'organization',
  // business agents
  'strategy_agent',
  'research_agent',
  'marketing_agent',
  'sales_agent',
  'service_agent',
  'design_agent',
  'engineering_agent',
  'finance_agent',
  'legal_agent',
  'intelligence_agent',
  // content
  'blog_post',
  'video',
  'podcast',
  'social_post',
  'email',
  'course',
  'lesson',
  // products
  'digital_product',
  'membership',
  'consultation',
  'nft',
  // community
  'community',
  'conversation',
  'message',
  // token
  'token',
  'token_contract',
  // knowledge
  'knowledge_item',
  'embedding',
  // platform
  'website',
  'landing_page',
  'template',
  'livestream',
  'recording',
  'media_asset',
  // business
  'payment',
  'subscription',
  'invoice',
  'metric',
  'insight',
  'prediction',
  'report',
  // auth/session
  'session',
  'oauth_account',
  'verification_token',
  'password_reset_token',
  'ui_preferences',
  // marketing
  'notification',
  'email_campaign',
  'announcement',
  'referral',
  'campaign',
  'lead',
  // external
  'external_agent',
  'external_workflow',
  'external_connection',
  // protocol
  'mandate',
  'product',
] as const;
export type DefaultThingType = (typeof THING_TYPES)[number];

/** Things of these types are people: they count against the `users` quota and as active users. */
export const PERSON_TYPES = ['creator', 'audience_member'] as const satisfies readonly DefaultThingType[];

/** The content category: the things engagement metrics rank. */
export const CONTENT_TYPES = [
  'blog_post',
  'video',
  'podcast',
  'social_post',
  'email',
  'course',
  'lesson',
] as const satisfies readonly DefaultThingType[];
