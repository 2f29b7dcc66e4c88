export * from './mongo';
export * from './append-log';
export * from './doc-cache';
export * from './doc-store';
export * from './shards';
export * from './find-by-ids';
export * from './owned-collections';
