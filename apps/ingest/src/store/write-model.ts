import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { groupBy } from '@onescale/ontology';
import type { Collection, Db } from 'mongodb';
import type { Connection as MongoConnection } from 'mongoose';
import { InjectMongo, findByIds, insertAll, splitShared } from '@onescale/platform';
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
  readonly connectionDeletions: Collection<ConnectionDeletion>;
  readonly knowledge: Collection<KnowledgeRow>;
  readonly batches: Collection<BatchRecord>;
  readonly idempotency: Collection<IdempotencyRecord>;
  readonly voids: Collection<VoidRecord>;
  /** Records of the ingestion topic already answered on the rejected topic, by `<partition>:<offset>`. */
  readonly rejections: Collection<{ _id: string; createdAt: number }>;

  private readonly db: Db;
  /** Trees whose connections collection has its indexes (created once per process, on first use). */
  private readonly indexedConnections = new Set<string>();

  constructor(@InjectMongo() mongo: MongoConnection) {
    const db = mongo.db!;
    this.db = db;
    this.groups = db.collection('groups');
    this.groupClaims = db.collection('group_claims');
    this.things = db.collection('things');
    this.thingClaims = db.collection('thing_claims');
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
      this.knowledge.createIndex({ rootGroupId: 1 }),
      this.idempotency.createIndex({ createdAt: 1 }),
      this.rejections.createIndex({ createdAt: 1 }),
    ]);
    const moved = await moveLegacyConnections(this);
    if (moved > 0) new Logger('write-model').log({ msg: "legacy connections moved into their trees' collections", moved });
  }

  /**
   * The live connections of one tenant, the tree under a root group (`connections_<rootGroupId>`),
   * each under its live key. A collection per tree: the scans a group's requests need (the edges a
   * cycle check follows, a deleted thing's connections) read that tenant's connections only, never
   * every tenant's (FerretDB scans for any filter but `_id`; on MongoDB the indexes serve them).
   */
  connections(rootGroupId: string): Collection<ConnectionRow> {
    return this.db.collection(`${CONNECTIONS}_${rootGroupId}`);
  }

  /** The tree's connections collection, with its indexes (for MongoDB deployments) made before its first row. */
  async connectionsForWrite(rootGroupId: string): Promise<Collection<ConnectionRow>> {
    const collection = this.connections(rootGroupId);
    if (!this.indexedConnections.has(rootGroupId)) {
      await Promise.all([
        collection.createIndex({ groupId: 1, fromThingId: 1 }),
        collection.createIndex({ groupId: 1, toThingId: 1 }),
        collection.createIndex({ id: 1 }, { unique: true }),
      ]);
      this.indexedConnections.add(rootGroupId);
    }
    return collection;
  }

  /** The legacy collection of every tenant's connections, when a database from before the split still has one. */
  legacyConnections(): Collection<ConnectionRow> {
    return this.db.collection(CONNECTIONS);
  }

  async hasLegacyConnections(): Promise<boolean> {
    return (await this.db.listCollections({ name: CONNECTIONS }, { nameOnly: true }).toArray()).length > 0;
  }
}

const CONNECTIONS = 'connections';

/**
 * Splits a legacy `connections` collection (every tenant's rows) into the trees' collections, then
 * drops it; before this process serves anything. Safe to run again after a crash, and beside
 * another replica doing the same: a row is copied unless its connection has a deletion claim,
 * checked again after the copy (a deletion claimed meanwhile by a replica already serving removes
 * the copy, as the deletion's own removal may have run before it).
 */
export async function moveLegacyConnections(model: WriteModel): Promise<number> {
  if (!(await model.hasLegacyConnections())) return 0;
  const deleted = async (rows: readonly ConnectionRow[]): Promise<Set<string>> => {
    const claims = await findByIds(
      model.connectionDeletions,
      rows.map((r) => `del|${r.id}`),
    );
    return new Set(claims.keys());
  };
  let moved = 0;
  await splitShared<ConnectionRow>(model.legacyConnections(), async (chunk) => {
    const before = await deleted(chunk);
    const live = chunk.filter((r) => !before.has(`del|${r.id}`));
    for (const [rootGroupId, rows] of groupBy(live, (r) => r.rootGroupId))
      await insertAll(await model.connectionsForWrite(rootGroupId), rows);
    const after = await deleted(live);
    for (const row of live) if (after.has(`del|${row.id}`)) await model.connections(row.rootGroupId).deleteOne({ _id: row._id });
    moved += live.length - after.size;
  });
  return moved;
}
