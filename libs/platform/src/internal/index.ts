export * from './internal-call-error';
export * from './internal-client';
