// The vocabulary: the default composition, its helpers, the composition-file reader, and the
// input primitives every validator shares.
export { THING_TYPES, PERSON_TYPES, CONTENT_TYPES, type DefaultThingType } from './thing-types';
export {
  CONNECTION_TYPES,
  DEFAULT_RULES,
  ANY_RULE,
  type DefaultConnectionType,
  type RelationshipRule,
  type TypeSet,
} from './connection-types';
export { EVENT_TYPES, REVENUE_EVENT_TYPE, RESERVED_EVENT_TYPES, isPlatformOrReserved } from './event-types';
export {
  DEFAULT_COMPOSITION,
  isThingType,
  isConnectionType,
  isPersonType,
  isContentType,
  clientEventTypes,
  isClientEventType,
  ruleFor,
  forbidsCycles,
  listChoices,
  type Composition,
} from './composition';
export { composeFrom, TYPE_NAME_PATTERN } from './compose-from';
export {
  MAX_JSON_BYTES,
  MAX_JSON_DEPTH,
  utf8Bytes,
  isPlainObject,
  validateJsonObject,
  findJsonFault,
  jsonEqual,
  type JsonFault,
} from './json-object';
export { MAX_ID_LENGTH, readId, readOptionalId, readEpochMs, lookupIds } from './fields';
