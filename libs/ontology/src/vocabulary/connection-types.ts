import type { DefaultThingType } from './thing-types';

/** The default connection types (31 names; the ONE documents claim 25). */
export const CONNECTION_TYPES = [
  // ownership
  'owns',
  'created_by',
  // ai
  'clone_of',
  'trained_on',
  'powers',
  // content
  'authored',
  'generated_by',
  'published_to',
  'part_of',
  'references',
  // community
  'member_of',
  'following',
  'moderates',
  'participated_in',
  // business
  'manages',
  'reports_to',
  'collaborates_with',
  // token
  'holds_tokens',
  'staked_in',
  'earned_from',
  // product
  'purchased',
  'enrolled_in',
  'completed',
  'teaching',
  // consolidated (the variant travels in metadata)
  'transacted',
  'notified',
  'referred',
  'communicated',
  'delegated',
  'approved',
  'fulfilled',
] as const;
export type DefaultConnectionType = (typeof CONNECTION_TYPES)[number];

/** `'*'` = any thing type of the composition. */
export type TypeSet = readonly string[] | '*';

/**
 * Which thing types a connection type may join. Same-type pairs are allowed unless `noCycles`,
 * which also forbids any path back to the source (and self-loops, forbidden for every type).
 */
export interface RelationshipRule {
  readonly from: TypeSet;
  readonly to: TypeSet;
  readonly noCycles?: true;
}

const ANY = '*' as const;
const PEOPLE = ['creator', 'audience_member'] as const;
const rule = (
  from: readonly DefaultThingType[] | typeof ANY,
  to: readonly DefaultThingType[] | typeof ANY,
  noCycles?: true,
): RelationshipRule => (noCycles ? { from, to, noCycles } : { from, to });

/**
 * The seed's rule table with its names that are not thing types dropped (group, document,
 * newsletter, team, task, event) and its same-type bug fixed (see SPEC §1).
 */
export const DEFAULT_RULES: Readonly<Record<DefaultConnectionType, RelationshipRule>> = {
  owns: rule(['creator', 'organization', 'ai_clone'], ANY),
  created_by: rule(ANY, ['creator', 'ai_clone', 'strategy_agent', 'marketing_agent', 'engineering_agent']),
  clone_of: rule(['ai_clone'], ['creator']),
  trained_on: rule(
    ['ai_clone', 'strategy_agent', 'marketing_agent', 'sales_agent', 'intelligence_agent'],
    ['knowledge_item', 'blog_post', 'video', 'podcast', 'course'],
  ),
  powers: rule(
    ['strategy_agent', 'marketing_agent', 'sales_agent', 'engineering_agent', 'service_agent'],
    ['ai_clone', 'website', 'email_campaign', 'social_post'],
  ),
  authored: rule(PEOPLE, ['blog_post', 'video', 'podcast', 'social_post', 'email', 'course']),
  generated_by: rule(ANY, ['ai_clone', 'strategy_agent', 'marketing_agent']),
  published_to: rule(['blog_post', 'video', 'podcast', 'social_post'], ['website', 'community', 'email_campaign']),
  part_of: rule(ANY, ANY, true),
  references: rule(
    ['blog_post', 'video', 'podcast', 'course', 'lesson'],
    ['blog_post', 'video', 'token', 'external_agent', 'knowledge_item'],
  ),
  member_of: rule(PEOPLE, ['organization', 'community']),
  following: rule(PEOPLE, ['creator', 'community', 'ai_clone']),
  moderates: rule(['creator'], ['community', 'conversation']),
  participated_in: rule(PEOPLE, ['conversation', 'livestream']),
  manages: rule(['creator'], ['organization']),
  reports_to: rule(['creator'], ['creator'], true),
  collaborates_with: rule(['creator', 'organization'], ['creator', 'organization']),
  holds_tokens: rule([...PEOPLE, 'organization'], ['token']),
  staked_in: rule(PEOPLE, ['token', 'token_contract']),
  earned_from: rule(PEOPLE, ['token', 'course']),
  purchased: rule(PEOPLE, ['digital_product', 'membership', 'course', 'nft', 'token']),
  enrolled_in: rule(ANY, ['course']),
  completed: rule(ANY, ['course', 'lesson']),
  teaching: rule(['creator', 'ai_clone'], ['course']),
  transacted: rule(ANY, ANY),
  notified: rule(PEOPLE, ['notification', 'email_campaign']),
  referred: rule(PEOPLE, ['creator']),
  communicated: rule(ANY, ANY),
  delegated: rule(['creator', 'strategy_agent'], ANY),
  approved: rule(['creator'], ANY),
  fulfilled: rule(ANY, ANY),
};

/** A connection type the composition has no rule for joins any pair (still never a self-loop). */
export const ANY_RULE: RelationshipRule = { from: ANY, to: ANY };
