import { ANY_RULE, CONNECTION_TYPES, DEFAULT_RULES, type RelationshipRule } from './connection-types';
import { EVENT_TYPES, REVENUE_EVENT_TYPE, isPlatformOrReserved } from './event-types';
import { CONTENT_TYPES, PERSON_TYPES, THING_TYPES } from './thing-types';

/**
 * The vocabulary a deployment accepts. One value drives validation, the API docs and the UI.
 * Plain readonly data (JSON-serializable), so it can be served as is.
 */
export interface Composition {
  readonly thingTypes: readonly string[];
  readonly connectionTypes: readonly string[];
  /** Includes reserved canonical names; see `clientEventTypes` for what clients may submit. */
  readonly eventTypes: readonly string[];
  /** Subset of thingTypes. */
  readonly personTypes: readonly string[];
  /** Subset of thingTypes. */
  readonly contentTypes: readonly string[];
  /** One rule per connection type (a type without a rule joins any pair). */
  readonly rules: Readonly<Record<string, RelationshipRule>>;
  /** When false, rules are not enforced (self-loops and cycles still are). */
  readonly strictRelationships: boolean;
}

export const DEFAULT_COMPOSITION: Composition = {
  thingTypes: THING_TYPES,
  connectionTypes: CONNECTION_TYPES,
  eventTypes: [...EVENT_TYPES, REVENUE_EVENT_TYPE],
  personTypes: PERSON_TYPES,
  contentTypes: CONTENT_TYPES,
  rules: DEFAULT_RULES,
  strictRelationships: true,
};

export const isThingType = (c: Composition, type: string): boolean => c.thingTypes.includes(type);
export const isConnectionType = (c: Composition, type: string): boolean => c.connectionTypes.includes(type);
export const isPersonType = (c: Composition, type: string): boolean => c.personTypes.includes(type);
export const isContentType = (c: Composition, type: string): boolean => c.contentTypes.includes(type);

/** Event types a client may submit: the composition's, minus platform and reserved names. */
export const clientEventTypes = (c: Composition): readonly string[] => c.eventTypes.filter((t) => !isPlatformOrReserved(t));

export const isClientEventType = (c: Composition, type: string): boolean => c.eventTypes.includes(type) && !isPlatformOrReserved(type);

export const ruleFor = (c: Composition, connectionType: string): RelationshipRule =>
  Object.prototype.hasOwnProperty.call(c.rules, connectionType) ? c.rules[connectionType] : ANY_RULE;

/** Whether a connection of this type must be checked for cycles by the caller (see `createsCycle`). */
export const forbidsCycles = (c: Composition, connectionType: string): boolean => ruleFor(c, connectionType).noCycles === true;

/** "a, b, c" sorted, for messages that list the valid choices. */
export const listChoices = (names: readonly string[] | '*'): string =>
  names === '*' ? 'any type' : names.length === 0 ? 'none' : [...names].sort().join(', ');
