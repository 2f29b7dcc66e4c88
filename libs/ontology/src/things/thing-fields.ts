import { THING_STATUSES, type ThingStatus } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { isThingType, listChoices, type Composition } from '../vocabulary/composition';
import { validateJsonObject } from '../vocabulary/json-object';
import { readName } from '../vocabulary/fields';
import { isThingStatus } from './thing-status';

/** Field rules shared by creation and update; paths are relative to the item. */
export const MAX_THING_NAME_LENGTH = 512;

export const readThingType = (value: unknown, composition: Composition): Result<string> => {
  if (typeof value === 'string' && isThingType(composition, value)) return ok(value);
  const shown = typeof value === 'string' ? `"${value}"` : 'missing or not a string';
  return fail('invalid_type', `type ${shown} is not a thing type; valid types: ${listChoices(composition.thingTypes)}`, 'type');
};

export const readThingName = (value: unknown): Result<string> => readName(value, 'name', MAX_THING_NAME_LENGTH);

export const readProperties = (value: unknown): Result<Record<string, unknown>> => validateJsonObject(value, 'properties');

export const readThingStatus = (value: unknown): Result<ThingStatus> =>
  isThingStatus(value)
    ? ok(value)
    : fail('invalid_status', `status ${JSON.stringify(value) ?? 'undefined'} is not one of ${THING_STATUSES.join(', ')}`, 'status');
