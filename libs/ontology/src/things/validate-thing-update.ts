import { ok, type Result } from '../shared/result';
import { asFields, readId } from '../vocabulary/fields';
import type { ThingPatch } from './diff-thing-update';
import { readProperties, readThingName, readThingStatus } from './thing-fields';

const THING_UPDATE_FIELDS = ['thingId', 'name', 'properties', 'status'];

export interface ThingUpdateInput {
  readonly thingId: string;
  readonly patch: ThingPatch;
}

/**
 * Validates one item of a PATCH things/batch on its own, before the thing is looked up:
 * `{thingId, name?, properties?, status?}`. Codes `invalid_item`, `unknown_field`, `invalid_field`
 * (thingId), `invalid_name`, `invalid_json`, `too_deep`, `too_large`, `invalid_status`. Whether the
 * change is allowed is `diffThingUpdate`'s question, against the stored thing.
 */
export const validateThingUpdate = (input: unknown): Result<ThingUpdateInput> => {
  const fields = asFields(input, THING_UPDATE_FIELDS);
  if (!fields.ok) return fields;
  const item = fields.value;
  const thingId = readId(item.thingId, 'thingId');
  if (!thingId.ok) return thingId;
  const name = item.name === undefined ? ok(undefined) : readThingName(item.name);
  if (!name.ok) return name;
  const properties = item.properties === undefined ? ok(undefined) : readProperties(item.properties);
  if (!properties.ok) return properties;
  const status = item.status === undefined ? ok(undefined) : readThingStatus(item.status);
  if (!status.ok) return status;
  const patch: ThingPatch = {
    ...(name.value === undefined ? {} : { name: name.value }),
    ...(properties.value === undefined ? {} : { properties: properties.value }),
    ...(status.value === undefined ? {} : { status: status.value }),
  };
  return ok({ thingId: thingId.value, patch });
};
