export * from './mongo';
export * from './append-log';
