import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { Collection, WithId } from 'mongodb';
import type { Connection as MongoConnection } from 'mongoose';
import { InjectMongo, byId, isDuplicateKey, type StoredDoc } from '@onescale/platform';
import type { ConnectionRow, GroupRow, KnowledgeRow, ThingRow } from './rows';
import type { BatchRecord, IdempotencyRecord, ThingClaim, ConnectionDeletion, VoidRecord } from './records';

/**
 * The ingest database. Every lookup on a request path is by `_id` (the only query FerretDB answers
 * without scanning); the secondary indexes serve MongoDB deployments and the few scans that remain.
 */
@Injectable()
export class WriteModel implements OnModuleInit {
  readonly groups: Collection<GroupRow>;
  readonly groupClaims: Collection<{ _id: string; at: number }>;
  readonly things: Collection<ThingRow>;
  readonly thingClaims: Collection<ThingClaim>;
  readonly connections: Collection<ConnectionRow>;
  readonly connectionDeletions: Collection<ConnectionDeletion>;
  readonly knowledge: Collection<KnowledgeRow>;
  readonly batches: Collection<BatchRecord>;
  readonly idempotency: Collection<IdempotencyRecord>;
  readonly voids: Collection<VoidRecord>;
  /** Records of the ingestion topic already answered on the rejected topic, by `<partition>:<offset>`. */
  readonly rejections: Collection<{ _id: string; createdAt: number }>;

  constructor(@InjectMongo() mongo: MongoConnection) {
    const db = mongo.db!;
    this.groups = db.collection('groups');
    this.groupClaims = db.collection('group_claims');
    this.things = db.collection('things');
    this.thingClaims = db.collection('thing_claims');
    this.connections = db.collection('connections');
    this.connectionDeletions = db.collection('connection_deletions');
    this.knowledge = db.collection('knowledge');
    this.batches = db.collection('batches');
    this.idempotency = db.collection('idempotency');
    this.voids = db.collection('voids');
    this.rejections = db.collection('ingest_rejections');
  }

  async onModuleInit(): Promise<void> {
    await Promise.all([
      this.groups.createIndex({ slug: 1 }, { unique: true }),
      this.things.createIndex({ rootGroupId: 1, deletedAt: 1 }),
      this.connections.createIndex({ groupId: 1, fromThingId: 1 }),
      this.connections.createIndex({ groupId: 1, toThingId: 1 }),
      this.connections.createIndex({ id: 1 }, { unique: true }),
      this.knowledge.createIndex({ rootGroupId: 1 }),
      this.idempotency.createIndex({ createdAt: 1 }),
      this.rejections.createIndex({ createdAt: 1 }),
    ]);
  }
}

/** Loads documents by `_id` with concurrent point lookups (FerretDB scans for `$in`). */
export async function loadByIds<T extends StoredDoc>(
  collection: Collection<T>,
  ids: Iterable<string>,
  concurrency = 16,
): Promise<Map<string, WithId<T>>> {
  const unique = [...new Set(ids)];
  const found = new Map<string, WithId<T>>();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, unique.length) }, async () => {
      while (next < unique.length) {
        const id = unique[next++]!;
        const doc = await collection.findOne(byId<T>(id));
        if (doc) found.set(id, doc);
      }
    }),
  );
  return found;
}

/** Inserts rows; rows a previous attempt of the same request already wrote are kept as they are. */
export async function insertAll<T extends { _id: string }>(
  collection: { insertMany(docs: T[], options: { ordered: boolean }): Promise<unknown> },
  rows: T[],
): Promise<void> {
  if (rows.length === 0) return;
  try {
    await collection.insertMany(rows, { ordered: false });
  } catch (error) {
    const writeErrors = (error as { writeErrors?: unknown[] }).writeErrors;
    const all = Array.isArray(writeErrors) ? writeErrors : [error];
    if (!all.every((e) => isDuplicateKey(e))) throw error;
  }
}
