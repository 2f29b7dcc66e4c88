export * from './internal-call-error';
export * from './internal-client';
export * from './ndjson-lines';
