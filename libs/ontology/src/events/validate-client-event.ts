import type { Problem, Result } from '../shared/result';
import { fail, ok } from '../shared/result';
import { clientEventTypes, isClientEventType, listChoices, type Composition } from '../vocabulary/composition';
import { isPlatformOrReserved } from '../vocabulary/event-types';
import { asFields, readEpochMs, readOptionalId } from '../vocabulary/fields';
import { validateJsonObject } from '../vocabulary/json-object';
import { checkEventMetadata } from './event-metadata';

export interface ClientEvent {
  readonly type: string;
  readonly actorId?: string;
  readonly targetId?: string;
  /** Event time, epoch ms (defaults to now). */
  readonly timestamp: number;
  readonly metadata: Record<string, unknown>;
}

const CLIENT_EVENT_FIELDS = ['type', 'actorId', 'targetId', 'timestamp', 'metadata'];

export interface ClientEventContext {
  readonly composition: Composition;
  readonly now: number;
}

/** Event times must be after this (exclusive): 2000-01-01T00:00:00Z. */
export const MIN_EVENT_TIME = Date.UTC(2000, 0, 1);
/** Allowed clock skew of clients: events may be stamped up to 5 minutes ahead. */
export const MAX_EVENT_SKEW_MS = 5 * 60_000;

const readTimestamp = (value: unknown, now: number): Result<number> => {
  if (value === undefined) return ok(now);
  const t = readEpochMs(value, 'timestamp');
  if (!t.ok) return fail('invalid_timestamp', t.problem.message, 'timestamp');
  if (t.value <= MIN_EVENT_TIME) return fail('invalid_timestamp', 'timestamp must be after 2000-01-01T00:00:00Z', 'timestamp');
  if (t.value > now + MAX_EVENT_SKEW_MS) {
    return fail('invalid_timestamp', 'timestamp must not be more than 5 minutes in the future', 'timestamp');
  }
  return ok(t.value);
};

/**
 * Validates one client-submitted event. Backdated events of any age are accepted (imports). First
 * problem wins: `invalid_item`, `unknown_field`, `platform_event_type`, `invalid_type` (listing the client types),
 * `invalid_field`, `invalid_timestamp`, `invalid_json`, `too_deep`, `too_large`, `invalid_metadata`. Whether
 * actor and target exist in the group is the caller's check (`actorNotFound`, `targetNotFound`).
 */
export const validateClientEvent = (input: unknown, ctx: ClientEventContext): Result<ClientEvent> => {
  const fields = asFields(input, CLIENT_EVENT_FIELDS);
  if (!fields.ok) return fields;
  const item = fields.value;
  const type = item.type;
  if (typeof type === 'string' && isPlatformOrReserved(type)) {
    return fail('platform_event_type', `"${type}" is emitted by onescale only; clients cannot submit it`, 'type');
  }
  if (typeof type !== 'string' || !isClientEventType(ctx.composition, type)) {
    const shown = typeof type === 'string' ? `"${type}"` : 'missing or not a string';
    const choices = listChoices(clientEventTypes(ctx.composition));
    return fail('invalid_type', `type ${shown} is not an event type; valid types: ${choices}`, 'type');
  }
  const actorId = readOptionalId(item.actorId, 'actorId');
  if (!actorId.ok) return actorId;
  const targetId = readOptionalId(item.targetId, 'targetId');
  if (!targetId.ok) return targetId;
  const timestamp = readTimestamp(item.timestamp, ctx.now);
  if (!timestamp.ok) return timestamp;
  const raw = item.metadata === undefined ? ok({}) : validateJsonObject(item.metadata, 'metadata');
  if (!raw.ok) return raw;
  const metadata = checkEventMetadata(type, raw.value);
  if (!metadata.ok) return metadata;
  return ok({
    type,
    ...(actorId.value === undefined ? {} : { actorId: actorId.value }),
    ...(targetId.value === undefined ? {} : { targetId: targetId.value }),
    timestamp: timestamp.value,
    metadata: metadata.value,
  });
};

/** For the caller's existence check: the actor is not a live thing of the group. */
export const actorNotFound = (actorId: string): Problem => ({
  code: 'actor_not_found',
  message: `actor ${actorId} not found in this group`,
  path: 'actorId',
});

export const targetNotFound = (targetId: string): Problem => ({
  code: 'target_not_found',
  message: `target ${targetId} not found in this group`,
  path: 'targetId',
});
