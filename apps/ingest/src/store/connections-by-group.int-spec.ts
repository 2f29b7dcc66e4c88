import type { Connection as MongoConnection } from 'mongoose';
import { connectMongo } from '@onescale/platform';
import { request } from '../../../../test/support/http';
import { testEnv } from '../../../../test/support/env';
import { startIngestStack, type IngestStack } from '../testing/stack';
import type { ConnectionRow } from './rows';
import { moveLegacyConnections, WriteModel } from './write-model';

const names = async (mongo: MongoConnection): Promise<string[]> =>
  (await mongo.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith('connections'));

describe("each tenant's connections in a collection of its own (real FerretDB)", () => {
  let stack: IngestStack;
  let mongo: MongoConnection;

  beforeAll(async () => {
    stack = await startIngestStack({ ingest: 3514, quota: 3515 });
    mongo = await connectMongo(testEnv.mongoUri, stack.env.MONGODB_DB!);
  });

  afterAll(async () => {
    await stack?.stop();
    await mongo?.dropDatabase();
    await mongo?.close();
  });

  const post = (groupId: string, route: string, body: unknown) =>
    request('POST', `${stack.ingest.url}/v1/groups/${groupId}/${route}`, { internal: true, body });
  const creators = async (groupId: string, n: number): Promise<string[]> =>
    (await post(groupId, 'things/batch', { things: Array.from({ length: n }, (_, i) => ({ type: 'creator', name: `C${i}` })) })).body
      .created;
  const reportsTo = (from: string, to: string) => ({ fromThingId: from, toThingId: to, relationshipType: 'reports_to' });

  it("checks cycles and deletes against the tenant's own connections, and counts them per tree", async () => {
    const a = await stack.createGroup();
    const b = await stack.createGroup();
    const [a1, a2, a3] = await creators(a.id, 3);
    const [b1, b2] = await creators(b.id, 2);
    expect((await post(a.id, 'connections/batch', { connections: [reportsTo(a1!, a2!), reportsTo(a2!, a3!)] })).body.summary.success).toBe(
      2,
    );
    expect((await post(b.id, 'connections/batch', { connections: [reportsTo(b1!, b2!)] })).body.summary.success).toBe(1);

    // The edge closing a1 → a2 → a3 → a1 is refused on the edges stored by the earlier request.
    const closing = await post(a.id, 'connections/batch', { connections: [reportsTo(a3!, a1!)] });
    expect(closing.body.summary.success).toBe(0);
    expect(closing.body.errors[0].code).toBe('cycle_detected');

    expect((await names(mongo)).sort()).toEqual([`connections_${a.id}`, `connections_${b.id}`].sort());
    const rowsOf = (groupId: string) => mongo.db!.collection<ConnectionRow>(`connections_${groupId}`).find().toArray();
    expect((await rowsOf(a.id)).map((r) => [r.fromThingId, r.toThingId])).toEqual(
      expect.arrayContaining([
        [a1, a2],
        [a2, a3],
      ]),
    );
    expect(await rowsOf(a.id)).toHaveLength(2);

    const removed = await request('DELETE', `${stack.ingest.url}/v1/groups/${a.id}/things/${a2}`, { internal: true });
    expect({ status: removed.status, connectionsDeleted: removed.body.connectionsDeleted }).toEqual({ status: 200, connectionsDeleted: 2 });
    expect(await rowsOf(a.id)).toEqual([]);
    expect(await rowsOf(b.id)).toHaveLength(1);

    // A sub-group's connections live in its tree's collection, count in its total, and are checked apart from its parent's.
    const sub = await stack.createGroup({ parentGroupId: b.id });
    const [s1, s2] = await creators(sub.id, 2);
    expect(
      (await post(sub.id, 'connections/batch', { connections: [reportsTo(s1!, s2!), reportsTo(s2!, s1!)] })).body.summary,
    ).toMatchObject({
      success: 1,
      failed: 1,
    });
    expect(await rowsOf(b.id)).toHaveLength(2);
    expect((await names(mongo)).sort()).toEqual([`connections_${a.id}`, `connections_${b.id}`].sort());
    const counts = await request('GET', `${stack.ingest.url}/internal/groups/${b.id}/counts`, { internal: true });
    expect(counts.body.connections_total).toBe(2);
  });

  it("splits a legacy collection of every tenant into the trees' collections, leaving out deleted connections, once", async () => {
    const db = mongo.db!;
    const row = (rootGroupId: string, n: number): ConnectionRow => ({
      _id: `${rootGroupId}|f${n}|reports_to|t${n}`,
      id: `legacy-${rootGroupId}-${n}`,
      groupId: `${rootGroupId}-sub`,
      rootGroupId,
      fromThingId: `f${n}`,
      toThingId: `t${n}`,
      fromThingType: 'creator',
      toThingType: 'creator',
      relationshipType: 'reports_to',
      createdAt: 1,
      updatedAt: 1,
    });
    await db.collection<ConnectionRow>('connections').insertMany([row('g1', 1), row('g1', 2), row('g2', 3)]);
    await db
      .collection('connection_deletions')
      .insertOne({ _id: 'del|legacy-g1-2', batchId: 'b', at: 1, eventId: 'e', row: '{}' } as never);

    const model = new WriteModel(mongo);
    expect(await moveLegacyConnections(model)).toBe(2);
    expect((await db.collection('connections_g1').find().toArray()).map((r) => r.id)).toEqual(['legacy-g1-1']);
    expect((await db.collection('connections_g2').find().toArray()).map((r) => r.id)).toEqual(['legacy-g2-3']);
    expect(await names(mongo)).not.toContain('connections');
    expect(await moveLegacyConnections(model)).toBe(0);
  });
});
