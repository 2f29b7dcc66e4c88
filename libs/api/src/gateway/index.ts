export * from './api-keys.dto';
export * from './groups.dto';
export * from './problem-details.dto';
