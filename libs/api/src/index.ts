// Request and response DTOs of the public REST API (SPEC §2), shared by the app that validates a
// route and the gateway that documents it: one class both validates and documents.
export * from './common';
export * from './ingest';
export * from './gateway';
export * from './quota';
export * from './archiver';
export * from './metrics';
export * from './notifier';
