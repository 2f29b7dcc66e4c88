export { validateNewConnection, thingNotFound, type NewConnection, type NewConnectionContext } from './validate-new-connection';
export { checkRelationship } from './relationship-rules';
export { createsCycle, cycleDetected } from './cycles';
export { connectionKey, duplicateInBatch, duplicateProblem } from './connection-key';
