import { isPlatformOrReserved } from '../vocabulary/event-types';
import { clientData } from './client-checks';
import { PLATFORM_EVENTS, isPlatformType } from './platform-events';

/**
 * Why `data` does not fit the contract of `type`, or undefined when it does. Reserved names
 * (`entity_created`…) are no event anyone may send: they are unknown here.
 */
export const eventDataProblem = (type: string, data: unknown): string | undefined => {
  if (isPlatformType(type)) return PLATFORM_EVENTS[type].data(data, 'data');
  if (isPlatformOrReserved(type)) return `unknown event type ${type}: it is reserved`;
  return clientData(type)(data, 'data');
};
