import type { ThingStatus } from '../contracts/entities';
import { ok, type Result } from '../shared/result';
import type { Composition } from '../vocabulary/composition';
import { asFields } from '../vocabulary/fields';
import { readProperties, readThingName, readThingStatus, readThingType } from './thing-fields';
import { DEFAULT_THING_STATUS } from './thing-status';

/** A thing as a client submits it: `{type, name, properties?, status?}`. */
export interface NewThingInput {
  readonly type: string;
  readonly name: string;
  readonly properties?: Record<string, unknown>;
  readonly status?: ThingStatus;
}

const NEW_THING_FIELDS = ['type', 'name', 'properties', 'status'];

export interface NewThing {
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly status: ThingStatus;
}

export interface NewThingContext {
  readonly composition: Composition;
  /** The batch's `options.defaultStatus` (validated by the caller with `isThingStatus`). */
  readonly defaultStatus?: ThingStatus;
}

/**
 * Validates one submitted thing (parsed JSON of any shape) and normalizes it: name trimmed,
 * properties default `{}`, status default the batch's defaultStatus or draft. The first problem
 * wins; codes `invalid_item`, `unknown_field`, `invalid_type`, `invalid_name`, `invalid_json`,
 * `too_deep`, `too_large`, `invalid_status`.
 */
export const validateNewThing = (input: unknown, ctx: NewThingContext): Result<NewThing> => {
  const fields = asFields(input, NEW_THING_FIELDS);
  if (!fields.ok) return fields;
  const item = fields.value;
  const type = readThingType(item.type, ctx.composition);
  if (!type.ok) return type;
  const name = readThingName(item.name);
  if (!name.ok) return name;
  const properties = item.properties === undefined ? ok({}) : readProperties(item.properties);
  if (!properties.ok) return properties;
  const status = item.status === undefined ? ok(ctx.defaultStatus ?? DEFAULT_THING_STATUS) : readThingStatus(item.status);
  if (!status.ok) return status;
  return ok({ type: type.value, name: name.value, properties: properties.value, status: status.value });
};
