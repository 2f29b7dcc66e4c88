import { GROUP_STATUSES, GROUP_TYPES, PLANS, type Group, type GroupStatus, type GroupType, type Plan } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { readName } from '../vocabulary/fields';

export const MAX_GROUP_NAME_LENGTH = 200;
export const MAX_SLUG_LENGTH = 64;
/** Lower-case letters, digits and inner hyphens; 1..64 characters. */
export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** SPEC §1: business, community, dao → pro; government → enterprise; others → starter. */
export const defaultPlanFor = (type: GroupType): Plan =>
  type === 'business' || type === 'community' || type === 'dao' ? 'pro' : type === 'government' ? 'enterprise' : 'starter';

const member = <T extends string>(values: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (values as readonly string[]).includes(value);

export const readGroupName = (v: unknown): Result<string> => readName(v, 'name', MAX_GROUP_NAME_LENGTH);

export const readGroupType = (v: unknown): Result<GroupType> =>
  member(GROUP_TYPES, v) ? ok(v) : fail('invalid_type', `type must be one of ${GROUP_TYPES.join(', ')}`, 'type');

export const readPlan = (v: unknown): Result<Plan> =>
  member(PLANS, v) ? ok(v) : fail('invalid_plan', `plan must be one of ${PLANS.join(', ')}`, 'plan');

/**
 * SPEC §1: a sub-group has no plan of its own. It counts against, is limited by and shows its root's
 * plan, so naming one for it is refused rather than silently dropped.
 */
export const subGroupHasNoPlan = <T = never>(): Result<T> =>
  fail('plan_not_allowed', "a sub-group has no plan of its own: it counts against and is limited by its root group's plan", 'plan');

/** How a group reads: a sub-group shows its root's plan (also one stored before plans were the root's). */
export const withRootPlan = <G extends Pick<Group, 'plan'>>(group: G, root: Pick<Group, 'plan'>): G =>
  group.plan === root.plan ? group : { ...group, plan: root.plan };

export const readGroupStatus = (v: unknown): Result<GroupStatus> =>
  member(GROUP_STATUSES, v) ? ok(v) : fail('invalid_status', `status must be one of ${GROUP_STATUSES.join(', ')}`, 'status');

export const readSlug = (v: unknown): Result<string> =>
  typeof v === 'string' && SLUG_PATTERN.test(v)
    ? ok(v)
    : fail('invalid_slug', 'slug must be 1..64 lower-case letters, digits and inner hyphens', 'slug');

/**
 * A slug from a name: accents stripped, lower-cased, every run of other characters one hyphen,
 * at most 64 characters. Undefined when nothing usable is left (e.g. a name in another script).
 */
export const slugify = (name: string): string | undefined => {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_SLUG_LENGTH)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : undefined;
};
