import type { ClientEventEnvelope, EventEnvelope } from '../contracts/event-map';
import { isClientEvent } from '../metrics/client-event';
import type { Problem, Result } from '../shared/result';

/**
 * Which event a void may correct (SPEC §7): a client event of the group that asks. Another group's
 * event is not found, as if it did not exist (its existence is not leaked); a platform event, the
 * voids themselves included, is the record of what onescale did and is never voided.
 */
export const voidableEvent = (event: EventEnvelope | null, groupId: string, eventId: string): Result<ClientEventEnvelope> => {
  if (event === null || event.groupId !== groupId) return { ok: false, problem: eventNotFound(eventId) };
  if (!isClientEvent(event)) {
    return {
      ok: false,
      problem: {
        code: 'event_not_voidable',
        message: `event ${eventId} is a platform event (${event.type}): only client events can be voided`,
      },
    };
  }
  return { ok: true, value: event };
};

export const eventNotFound = (eventId: string): Problem => ({
  code: 'event_not_found',
  message: `event ${eventId} not found in this group`,
});
