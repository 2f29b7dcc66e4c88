export * from './config';
export * from './http';
export * from './ids';
export * from './kafka';
export * from './mongo';
export * from './observability';
export * from './s3';
export * from './nest/providers';
