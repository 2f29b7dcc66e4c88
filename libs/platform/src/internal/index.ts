export * from './internal-call-error';
export * from './internal-client';
export * from './guard-request';
export * from './ndjson-lines';
