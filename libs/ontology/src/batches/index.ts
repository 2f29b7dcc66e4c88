export * from './batch-result';
export * from './quota-admission';
export * from './ingest-record';
