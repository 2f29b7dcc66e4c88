import { checkEventMetadata } from '../events/event-metadata';
import { isPlainObject } from '../vocabulary/json-object';
import { isPlatformOrReserved } from '../vocabulary/event-types';
import type { ClientEventData } from './client-events';
import { fields, id, jsonObject, optional, type Check } from './data-checks';
import { PLATFORM_EVENTS, isPlatformType } from './platform-events';

/** A client event: metadata a JSON object fitting its type's rules (event-metadata.ts), thing types strings. */
const clientShape = fields<ClientEventData>({ metadata: jsonObject, actorType: optional(id), targetType: optional(id) });
const clientData =
  (type: string): Check =>
  (v, path) => {
    const problem = clientShape(v, path);
    if (problem !== undefined || !isPlainObject(v) || !isPlainObject(v.metadata)) return problem;
    const metadata = checkEventMetadata(type, v.metadata);
    return metadata.ok ? undefined : `${path}.${metadata.problem.message}`;
  };

/**
 * Why `data` does not fit the contract of `type`, or undefined when it does. Reserved names
 * (`entity_created`…) are no event anyone may send: they are unknown here.
 */
export const eventDataProblem = (type: string, data: unknown): string | undefined => {
  if (isPlatformType(type)) return PLATFORM_EVENTS[type].data(data, 'data');
  if (isPlatformOrReserved(type)) return `unknown event type ${type}: it is reserved`;
  return clientData(type)(data, 'data');
};
