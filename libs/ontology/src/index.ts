// The pure domain of onescale: vocabulary, validation, event contracts, projections, quota
// evaluation and archive planning. No I/O, no clock, no random ids, no infrastructure imports.
export * from './shared/result';
export * from './shared/clock';
export * from './shared/group-by';
export * from './contracts/entities';
export * from './contracts/envelope';
export * from './contracts/event-map';
export * from './contracts/client-events';
export * from './contracts/make-event';
export * from './contracts/topics';
export * from './contracts/ingest-records';
export * from './contracts/platform-events';
export * from './contracts/usage';
export * from './contracts/internal-api';
export * from './codec';
export * from './vocabulary';
export * from './things';
export * from './connections';
export * from './events';
export * from './knowledge';
export * from './groups';
export * from './quota';
export * from './archive';
export * from './batches';
export * from './metrics';
export * from './notifications';
