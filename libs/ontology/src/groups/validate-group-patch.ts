import type { Group, GroupStatus, Plan } from '../contracts/entities';
import type { FieldChange } from '../contracts/platform-events';
import { fail, ok, type Result } from '../shared/result';
import { asFields } from '../vocabulary/fields';
import { jsonEqual, validateJsonObject } from '../vocabulary/json-object';
import { readGroupName, readGroupStatus, readPlan, subGroupHasNoPlan } from './group-fields';

export type GroupField = 'name' | 'settings' | 'plan' | 'status';
const PATCHABLE: readonly GroupField[] = ['name', 'settings', 'plan', 'status'];

export interface GroupUpdate {
  /** Changed fields with old and new value; empty = nothing changes. */
  readonly changes: Partial<Record<GroupField, FieldChange>>;
  readonly next: { readonly name: string; readonly settings: Record<string, unknown>; readonly plan: Plan; readonly status: GroupStatus };
}

/**
 * Validates a PATCH of a group: only `name`, `settings` (replaced whole), `plan` and `status`
 * (active|archived) may change, so any other key is refused (`invalid_field`) rather than silently
 * ignored; a sub-group has no plan to change. A value equal to the stored one is no change. Who may
 * change which field is the gateway's access policy, not this.
 */
export const validateGroupPatch = (existing: Group, patch: unknown): Result<GroupUpdate> => {
  const fields = asFields(patch);
  if (!fields.ok) return fields;
  const p = fields.value;
  const other = Object.keys(p).find((k) => !(PATCHABLE as readonly string[]).includes(k));
  if (other !== undefined) {
    return fail('invalid_field', `${other} cannot be changed; a group patch may set ${PATCHABLE.join(', ')}`, other);
  }
  const name = p.name === undefined ? ok(existing.name) : readGroupName(p.name);
  if (!name.ok) return name;
  const settings = p.settings === undefined ? ok(existing.settings) : validateJsonObject(p.settings, 'settings');
  if (!settings.ok) return settings;
  if (p.plan !== undefined && existing.parentGroupId !== undefined) return subGroupHasNoPlan();
  const plan = p.plan === undefined ? ok(existing.plan) : readPlan(p.plan);
  if (!plan.ok) return plan;
  const status = p.status === undefined ? ok(existing.status) : readGroupStatus(p.status);
  if (!status.ok) return status;

  const next = { name: name.value, settings: settings.value, plan: plan.value, status: status.value };
  const changes: Partial<Record<GroupField, FieldChange>> = {};
  for (const field of PATCHABLE) {
    if (!jsonEqual(next[field], existing[field])) changes[field] = { old: existing[field], new: next[field] };
  }
  return ok({ changes, next });
};
