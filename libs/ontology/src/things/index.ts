export { STATUS_TRANSITIONS, DEFAULT_THING_STATUS, isThingStatus, canTransition, allowedTransitions } from './thing-status';
export { MAX_THING_NAME_LENGTH } from './thing-fields';
export { validateNewThing, type NewThingInput, type NewThing, type NewThingContext } from './validate-new-thing';
export { diffThingUpdate, invalidTransition, type ThingPatch, type ThingField, type ThingUpdate } from './diff-thing-update';
export { validateThingUpdate, type ThingUpdateInput } from './validate-thing-update';
export { thingBytes } from './thing-bytes';
