// The import parsing, batching and formatting shared with the `onescale` CLI (libs/client, pure TS).
export * from '../../../libs/client/src';
