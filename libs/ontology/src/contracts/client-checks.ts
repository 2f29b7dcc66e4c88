import { checkEventMetadata } from '../events/event-metadata';
import { isPlainObject } from '../vocabulary/json-object';
import type { ClientEventData } from './client-events';
import { fields, id, jsonObject, optional, type Check } from './data-checks';

const clientShape = fields<ClientEventData>({ metadata: jsonObject, actorType: optional(id), targetType: optional(id) });

/** A client event's data: metadata a JSON object fitting its type's rules (event-metadata.ts), thing types strings. */
export const clientData =
  (type: string): Check<ClientEventData> =>
  (v, path) => {
    const problem = clientShape(v, path);
    if (problem !== undefined || !isPlainObject(v) || !isPlainObject(v.metadata)) return problem;
    const metadata = checkEventMetadata(type, v.metadata);
    return metadata.ok ? undefined : `${path}.${metadata.problem.message}`;
  };
