export * from './read-queries.dto';
export * from './read-meta.dto';
