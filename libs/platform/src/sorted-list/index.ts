export * from './sorted-list';
export * from './sorted-list-apply';
