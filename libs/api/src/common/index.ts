export * from './json-object.validator';
export * from './limits';
export * from './optional';
export * from './query-int';
