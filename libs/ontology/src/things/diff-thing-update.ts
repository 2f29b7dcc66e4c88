import type { Thing, ThingStatus } from '../contracts/entities';
import type { FieldChange } from '../contracts/platform-events';
import { fail, ok, type Result } from '../shared/result';
import { listChoices, type Composition } from '../vocabulary/composition';
import { asFields } from '../vocabulary/fields';
import { jsonEqual } from '../vocabulary/json-object';
import { readProperties, readThingName, readThingStatus } from './thing-fields';
import { allowedTransitions, canTransition } from './thing-status';

/** What a client may change: `{name?, properties?, status?}` (properties replace the old object). */
export interface ThingPatch {
  readonly name?: string;
  readonly properties?: Record<string, unknown>;
  readonly status?: ThingStatus;
}

export type ThingField = 'name' | 'properties' | 'status';

export interface ThingUpdate {
  /** Every changed field with old and new value; empty = the update changes nothing (no event). */
  readonly changes: Partial<Record<ThingField, FieldChange>>;
  readonly next: { readonly name: string; readonly properties: Record<string, unknown>; readonly status: ThingStatus };
}

export const invalidTransition = (from: ThingStatus, to: ThingStatus): Result<never> =>
  fail(
    'invalid_transition',
    `status cannot change from "${from}" to "${to}"; allowed from "${from}": ${listChoices(allowedTransitions(from))}` +
      (from === 'archived' ? ' (archived is terminal)' : ''),
    'status',
  );

/**
 * Compares a patch (parsed JSON; keys other than name/properties/status are ignored) with the
 * stored thing. A field equal to the stored value (trimmed name, deep-equal properties, same
 * status) is no change. `composition` is reserved for per-type property rules.
 */
export const diffThingUpdate = (existing: Thing, patch: unknown, _composition: Composition): Result<ThingUpdate> => {
  const fields = asFields(patch);
  if (!fields.ok) return fields;
  if (existing.deletedAt !== undefined) return fail('thing_deleted', `thing ${existing.id} is deleted`, 'thingId');
  const p = fields.value;
  const name = p.name === undefined ? ok(existing.name) : readThingName(p.name);
  if (!name.ok) return name;
  const properties = p.properties === undefined ? ok(existing.properties) : readProperties(p.properties);
  if (!properties.ok) return properties;
  const status = p.status === undefined ? ok(existing.status) : readThingStatus(p.status);
  if (!status.ok) return status;

  const changes: Partial<Record<ThingField, FieldChange>> = {};
  if (name.value !== existing.name) changes.name = { old: existing.name, new: name.value };
  if (!jsonEqual(properties.value, existing.properties)) {
    changes.properties = { old: existing.properties, new: properties.value };
  }
  if (status.value !== existing.status) {
    if (!canTransition(existing.status, status.value)) return invalidTransition(existing.status, status.value);
    changes.status = { old: existing.status, new: status.value };
  }
  return ok({
    changes,
    next: {
      name: name.value,
      // an equal-but-reordered object is no change: keep the stored one byte for byte
      properties: changes.properties ? properties.value : existing.properties,
      status: status.value,
    },
  });
};
