import type { Group, GroupType, Plan } from '../contracts/entities';
import { fail, ok, type Problem, type Result } from '../shared/result';
import { asFields, readOptionalId } from '../vocabulary/fields';
import { validateJsonObject } from '../vocabulary/json-object';
import { defaultPlanFor, readGroupName, readGroupType, readPlan, readSlug, slugify, subGroupHasNoPlan } from './group-fields';

export interface NewGroup {
  readonly name: string;
  readonly slug: string;
  readonly type: GroupType;
  readonly parentGroupId?: string;
  /** A root's plan; for a sub-group only the type's default, replaced by its root's (`subGroupHasNoPlan`). */
  readonly plan: Plan;
  readonly settings: Record<string, unknown>;
}

/**
 * Validates `{name, slug?, type, parentGroupId?, plan?, settings?}`: name trimmed 1..200, slug
 * given or derived from the name, plan given or the type's default (a sub-group may name none: it
 * has its root's), settings a JSON object ≤ 64 KiB.
 * Slug uniqueness and the parent's existence are the caller's checks (`checkParentGroup`).
 */
export const validateNewGroup = (input: unknown): Result<NewGroup> => {
  const fields = asFields(input);
  if (!fields.ok) return fields;
  const item = fields.value;
  const name = readGroupName(item.name);
  if (!name.ok) return name;
  const type = readGroupType(item.type);
  if (!type.ok) return type;
  let slug: Result<string>;
  if (item.slug !== undefined) slug = readSlug(item.slug);
  else {
    const derived = slugify(name.value);
    slug =
      derived === undefined
        ? fail('invalid_slug', 'no slug can be derived from this name; give one (a-z, 0-9, hyphens)', 'slug')
        : ok(derived);
  }
  if (!slug.ok) return slug;
  const parentGroupId = readOptionalId(item.parentGroupId, 'parentGroupId');
  if (!parentGroupId.ok) return parentGroupId;
  if (parentGroupId.value !== undefined && item.plan !== undefined) return subGroupHasNoPlan();
  const plan = item.plan === undefined ? ok(defaultPlanFor(type.value)) : readPlan(item.plan);
  if (!plan.ok) return plan;
  const settings = item.settings === undefined ? ok({}) : validateJsonObject(item.settings, 'settings');
  if (!settings.ok) return settings;
  return ok({
    name: name.value,
    slug: slug.value,
    type: type.value,
    ...(parentGroupId.value === undefined ? {} : { parentGroupId: parentGroupId.value }),
    plan: plan.value,
    settings: settings.value,
  });
};

/** The parent the caller loaded for `parentGroupId` must exist and be active. */
export const checkParentGroup = (parentGroupId: string, parent: Group | undefined): Result<Group> => {
  if (!parent || parent.id !== parentGroupId) {
    return fail('group_not_found', `parent group ${parentGroupId} not found`, 'parentGroupId');
  }
  if (parent.status !== 'active') return fail('group_archived', `parent group ${parentGroupId} is archived`, 'parentGroupId');
  return ok(parent);
};

/** Quotas and Kafka keys use the top of the hierarchy: the parent's root, or the group itself. */
export const resolveRootGroupId = (parent: Group | undefined, selfId: string): string =>
  parent === undefined ? selfId : parent.rootGroupId;

export const slugTaken = (slug: string): Problem => ({
  code: 'slug_taken',
  message: `the slug "${slug}" is already in use`,
  path: 'slug',
});
