import type { Connection, Group, Knowledge, Thing } from '@onescale/ontology';

/**
 * How the write model is stored. Users' JSON (properties, metadata, settings) is kept as JSON text:
 * FerretDB rejects keys with dots or a leading `$`, and text round-trips exactly.
 */
export interface GroupRow extends Omit<Group, 'id' | 'settings'> {
  _id: string;
  settings: string;
  version: number;
}

export interface ThingRow extends Omit<Thing, 'id' | 'properties'> {
  _id: string;
  rootGroupId: string;
  properties: string;
  version: number;
  bytes: number;
}

/** A live connection, stored under its uniqueness key (group, from, type, to). */
export interface ConnectionRow extends Omit<Connection, 'metadata'> {
  _id: string;
  rootGroupId: string;
  fromThingType: string;
  toThingType: string;
  metadata?: string;
}

export interface KnowledgeRow extends Omit<Knowledge, 'id'> {
  _id: string;
  rootGroupId: string;
  bytes: number;
}

export const groupOf = (row: GroupRow): Group => {
  const { _id, settings, version: _version, ...rest } = row;
  return { id: _id, ...rest, settings: JSON.parse(settings) as Record<string, unknown> };
};

export const toGroupRow = (group: Group, version: number): GroupRow => {
  const { id, settings, ...rest } = group;
  return { _id: id, ...stripUndefined(rest), settings: JSON.stringify(settings ?? {}), version };
};

export const thingOf = (row: ThingRow): Thing => {
  const { _id, rootGroupId: _root, properties, version: _version, bytes: _bytes, ...rest } = row;
  return stripUndefined({ id: _id, ...rest, properties: JSON.parse(properties) as Record<string, unknown> }) as Thing;
};

export const connectionOf = (row: ConnectionRow): Connection => {
  const { _id: _key, rootGroupId: _root, fromThingType: _f, toThingType: _t, metadata, ...rest } = row;
  return stripUndefined({ ...rest, ...(metadata ? { metadata: JSON.parse(metadata) as Record<string, unknown> } : {}) }) as Connection;
};

export const knowledgeOf = (row: KnowledgeRow): Knowledge => {
  const { _id, rootGroupId: _root, bytes: _bytes, ...rest } = row;
  return stripUndefined({ id: _id, ...rest }) as Knowledge;
};

/**
 * Drops undefined fields (the driver would store them as null). One loop into a new object, not
 * `fromEntries` of a filtered copy: every event of a batch passes here (~0.25 µs per row, not ~1.3).
 */
export function stripUndefined<T extends object>(value: T): T {
  const defined: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value) as Array<[string, unknown]>) if (field !== undefined) defined[key] = field;
  return defined as T;
}
