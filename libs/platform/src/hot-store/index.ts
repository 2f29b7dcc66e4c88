export * from './day-ledger';
export * from './external-sort';
export * from './hot-event';
export * from './hot-event-store';
export * from './hot-store-db';
