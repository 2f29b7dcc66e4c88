export * from './batch-result';
export * from './quota-admission';
