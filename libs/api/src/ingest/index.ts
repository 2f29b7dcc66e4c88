export * from './batch-result.dto';
export * from './connections-batch.dto';
export * from './events-batch.dto';
export * from './groups.dto';
export * from './knowledge-batch.dto';
export * from './things-batch.dto';
export * from './void-event.dto';
