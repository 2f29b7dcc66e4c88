import type { Thing } from '../contracts/entities';
import { fail, ok, type Problem, type Result } from '../shared/result';
import { isConnectionType, listChoices, type Composition } from '../vocabulary/composition';
import { asFields, readEpochMs, readId } from '../vocabulary/fields';
import { validateJsonObject } from '../vocabulary/json-object';
import { checkRelationship } from './relationship-rules';

export interface NewConnection {
  readonly fromThingId: string;
  readonly toThingId: string;
  readonly relationshipType: string;
  readonly metadata?: Record<string, unknown>;
  readonly strength?: number;
  readonly validFrom?: number;
  readonly validTo?: number;
}

const NEW_CONNECTION_FIELDS = ['fromThingId', 'toThingId', 'relationshipType', 'metadata', 'strength', 'validFrom', 'validTo'];

export interface NewConnectionContext {
  readonly groupId: string;
  /** The stored things the caller found for fromThingId / toThingId (undefined when none). */
  readonly from?: Thing;
  readonly to?: Thing;
  readonly composition: Composition;
}

export const thingNotFound = (id: string, path: 'fromThingId' | 'toThingId'): Problem => ({
  code: 'thing_not_found',
  message: `thing ${id} not found in this group`,
  path,
});

/** Another group's thing reads as not found: existence is never leaked across tenants. */
const live = (thing: Thing | undefined, id: string, groupId: string, path: 'fromThingId' | 'toThingId'): Result<Thing> => {
  if (!thing || thing.id !== id || thing.groupId !== groupId) return { ok: false, problem: thingNotFound(id, path) };
  if (thing.deletedAt !== undefined) return fail('thing_deleted', `thing ${id} is deleted`, path);
  return ok(thing);
};

const optional = <T>(value: unknown, read: (v: unknown) => Result<T>): Result<T | undefined> =>
  value === undefined ? ok(undefined) : read(value);

const readStrength = (v: unknown): Result<number> =>
  typeof v === 'number' && v >= 0 && v <= 1 ? ok(v) : fail('invalid_field', 'strength must be a number from 0 to 1', 'strength');

/**
 * Validates one submitted connection against the things the caller loaded. Checks, first problem
 * wins: shape (`invalid_item`, `unknown_field`, `invalid_field`, `invalid_type` listing the choices,
 * `invalid_json`, `too_deep`, `too_large`), `invalid_validity`, `self_loop`, `thing_not_found`, `thing_deleted`,
 * `relationship_not_allowed`. Left to the caller (I/O): live uniqueness (`connectionKey`,
 * `duplicateInBatch`) and, when `forbidsCycles`, `createsCycle`.
 */
export const validateNewConnection = (input: unknown, ctx: NewConnectionContext): Result<NewConnection> => {
  const fields = asFields(input, NEW_CONNECTION_FIELDS);
  if (!fields.ok) return fields;
  const item = fields.value;
  const fromThingId = readId(item.fromThingId, 'fromThingId');
  if (!fromThingId.ok) return fromThingId;
  const toThingId = readId(item.toThingId, 'toThingId');
  if (!toThingId.ok) return toThingId;
  const type = item.relationshipType;
  if (typeof type !== 'string' || !isConnectionType(ctx.composition, type)) {
    const shown = typeof type === 'string' ? `"${type}"` : 'missing or not a string';
    const choices = listChoices(ctx.composition.connectionTypes);
    return fail('invalid_type', `relationshipType ${shown} is not a connection type; valid types: ${choices}`, 'relationshipType');
  }
  const strength = optional(item.strength, readStrength);
  if (!strength.ok) return strength;
  const validFrom = optional(item.validFrom, (v) => readEpochMs(v, 'validFrom'));
  if (!validFrom.ok) return validFrom;
  const validTo = optional(item.validTo, (v) => readEpochMs(v, 'validTo'));
  if (!validTo.ok) return validTo;
  if (validFrom.value !== undefined && validTo.value !== undefined && validFrom.value > validTo.value) {
    return fail('invalid_validity', `validFrom (${validFrom.value}) must not be after validTo (${validTo.value})`, 'validTo');
  }
  const metadata = optional(item.metadata, (v) => validateJsonObject(v, 'metadata'));
  if (!metadata.ok) return metadata;
  if (fromThingId.value === toThingId.value) {
    return fail('self_loop', 'a thing cannot be connected to itself', 'toThingId');
  }
  const from = live(ctx.from, fromThingId.value, ctx.groupId, 'fromThingId');
  if (!from.ok) return from;
  const to = live(ctx.to, toThingId.value, ctx.groupId, 'toThingId');
  if (!to.ok) return to;
  const allowed = checkRelationship(ctx.composition, type, from.value.type, to.value.type);
  if (!allowed.ok) return allowed;

  return ok({
    fromThingId: fromThingId.value,
    toThingId: toThingId.value,
    relationshipType: type,
    ...(metadata.value === undefined ? {} : { metadata: metadata.value }),
    ...(strength.value === undefined ? {} : { strength: strength.value }),
    ...(validFrom.value === undefined ? {} : { validFrom: validFrom.value }),
    ...(validTo.value === undefined ? {} : { validTo: validTo.value }),
  });
};
