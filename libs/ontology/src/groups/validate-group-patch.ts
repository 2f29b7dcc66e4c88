import type { Group, GroupStatus, Plan } from '../contracts/entities';
import type { FieldChange } from '../contracts/platform-events';
import { fail, ok, type Result } from '../shared/result';
import { asFields } from '../vocabulary/fields';
import { readGroupName, readGroupStatus, readPlan } from './group-fields';

export type GroupField = 'name' | 'plan' | 'status';
const PATCHABLE: readonly string[] = ['name', 'plan', 'status'];

export interface GroupUpdate {
  /** Changed fields with old and new value; empty = nothing changes. */
  readonly changes: Partial<Record<GroupField, FieldChange>>;
  readonly next: { readonly name: string; readonly plan: Plan; readonly status: GroupStatus };
}

/**
 * Validates a PATCH of a group: only `name`, `plan` and `status` (active|archived) may change, so
 * any other key is refused (`invalid_field`) rather than silently ignored. A value equal to the
 * stored one is no change.
 */
export const validateGroupPatch = (existing: Group, patch: unknown): Result<GroupUpdate> => {
  const fields = asFields(patch);
  if (!fields.ok) return fields;
  const p = fields.value;
  const other = Object.keys(p).find((k) => !PATCHABLE.includes(k));
  if (other !== undefined) {
    return fail('invalid_field', `${other} cannot be changed; a group patch may set ${PATCHABLE.join(', ')}`, other);
  }
  const name = p.name === undefined ? ok(existing.name) : readGroupName(p.name);
  if (!name.ok) return name;
  const plan = p.plan === undefined ? ok(existing.plan) : readPlan(p.plan);
  if (!plan.ok) return plan;
  const status = p.status === undefined ? ok(existing.status) : readGroupStatus(p.status);
  if (!status.ok) return status;

  const next = { name: name.value, plan: plan.value, status: status.value };
  const changes: Partial<Record<GroupField, FieldChange>> = {};
  for (const field of ['name', 'plan', 'status'] as const) {
    if (next[field] !== existing[field]) changes[field] = { old: existing[field], new: next[field] };
  }
  return ok({ changes, next });
};
