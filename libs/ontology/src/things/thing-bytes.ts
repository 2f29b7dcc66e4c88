import { utf8Bytes } from '../vocabulary/json-object';

/**
 * The storage measure of a thing: the UTF-8 byte length of the JSON of its four user-controlled
 * fields `{type, name, properties, status}`, in that order. Ids and timestamps are left out so the
 * figure depends only on what the client sent; the storage quota and `thing_*` events carry it.
 */
export const thingBytes = (thing: {
  readonly type: string;
  readonly name: string;
  readonly properties: Record<string, unknown>;
  readonly status: string;
}): number => utf8Bytes(JSON.stringify({ type: thing.type, name: thing.name, properties: thing.properties, status: thing.status }));
