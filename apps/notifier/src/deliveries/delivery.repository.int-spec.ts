import { randomUUID } from 'node:crypto';
import type { Connection } from 'mongoose';
import { ownedCollection } from '@onescale/platform';
import { watchedDb, type WatchedDb } from '../../../../test/support/watched-db';
import { DeliveryRepository, type DeliveryDoc } from './delivery.repository';

const delivery = (endpointId: string, n: number, status: DeliveryDoc['status'] = 'pending'): DeliveryDoc => ({
  _id: `${String(n).padStart(6, '0')}-${endpointId}`,
  endpointId,
  groupId: `group-of-${endpointId}`,
  type: 'quota_threshold_crossed',
  body: '{}',
  status,
  attempts: 0,
  lastResponseStatus: null,
  createdAt: 1_000 + n,
  nextAttemptAt: 0,
  leaseUntil: 0,
  leaseOwner: null,
  log: [],
});

describe('webhook deliveries, a collection per endpoint (real server)', () => {
  let db: WatchedDb;
  let connection: Connection;
  let repository: DeliveryRepository;
  const names = async (): Promise<string[]> => (await connection.db!.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);

  beforeAll(async () => {
    db = await watchedDb('onescale_deliveries');
    connection = db.connection;
  });

  afterAll(() => db.close());

  it("pages an endpoint's deliveries from its own collection, and drops them with it", async () => {
    repository = new DeliveryRepository(connection);
    await repository.onModuleInit();
    const [a, b] = [randomUUID(), randomUUID()];
    await repository.record([delivery(a, 1), delivery(b, 2), delivery(a, 3), ...Array.from({ length: 30 }, (_, i) => delivery(b, 10 + i))]);
    await repository.record([delivery(a, 1)]); // a redelivered event adds nothing

    let page: DeliveryDoc[] = [];
    expect(await db.collectionsRead(async () => (page = await repository.page(a, 10)))).toEqual(
      new Set([ownedCollection('webhook_deliveries', a)]),
    );
    expect(page.map((d) => d._id)).toEqual([delivery(a, 3)._id, delivery(a, 1)._id]);
    expect((await repository.page(b, 5, delivery(b, 12)._id)).map((d) => d._id)).toEqual([
      delivery(b, 11)._id,
      delivery(b, 10)._id,
      delivery(b, 2)._id,
    ]);

    // The queue names each delivery's endpoint: a worker claims it by `_id` in that endpoint's collection.
    const due = await repository.due(Date.now(), 100);
    expect(due).toHaveLength(2 + 31);
    expect(due).toContainEqual({ id: delivery(a, 3)._id, endpointId: a });
    const claimed = await repository.claim({ id: delivery(a, 3)._id, endpointId: a }, 'worker-1', Date.now(), Date.now() + 60_000);
    expect(claimed).toMatchObject({ _id: delivery(a, 3)._id, leaseOwner: 'worker-1' });
    expect(
      await repository.settle(claimed!, { status: 'delivered', attempts: 1, lastResponseStatus: 200, nextAttemptAt: 0, log: [] }),
    ).toBe(true);
    expect((await repository.page(a, 10))[0]).toMatchObject({ status: 'delivered', attempts: 1 });
    expect(await repository.pendingCount()).toBe(32);

    await repository.removeOf(a);
    expect(await names()).not.toContain(ownedCollection('webhook_deliveries', a));
    expect(await repository.page(b, 100)).toHaveLength(31);
    // The removed endpoint's queued delivery is stale now: its claim finds nothing and drops the entry.
    expect(await repository.claim({ id: delivery(a, 1)._id, endpointId: a }, 'worker-1', Date.now(), Date.now() + 60_000)).toBeNull();
    expect(await repository.pendingCount()).toBe(31);

    // Settled deliveries past the log's days leave every endpoint's collection.
    await repository.settle((await repository.page(b, 1))[0]!, {
      status: 'failed',
      attempts: 1,
      lastResponseStatus: 500,
      nextAttemptAt: 0,
      log: [],
    });
    await repository.pruneSettled(Date.now());
    expect(await repository.page(b, 100)).toHaveLength(30);
  });

  it('splits the collection every endpoint used to share into their own at start, and queues the pending ones by endpoint', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    const legacy = [delivery(a, 1), delivery(a, 2, 'delivered'), delivery(b, 3)];
    await connection.db!.collection<DeliveryDoc>('webhook_deliveries').insertMany(legacy);
    // Queued before entries named their endpoint.
    await connection.db!.collection('webhook_queue').insertOne({ _id: legacy[0]!._id as never, nextAttemptAt: 0, leaseUntil: 0 });

    const restarted = new DeliveryRepository(connection);
    await restarted.onModuleInit();
    expect(await names()).not.toContain('webhook_deliveries');
    expect((await restarted.page(a, 10)).map((d) => d._id)).toEqual([legacy[1]!._id, legacy[0]!._id]);
    expect((await restarted.page(b, 10)).map((d) => d._id)).toEqual([legacy[2]!._id]);
    const due = await restarted.due(Date.now(), 100);
    expect(due).toContainEqual({ id: legacy[0]!._id, endpointId: a });
    expect(due).toContainEqual({ id: legacy[2]!._id, endpointId: b });
    expect(await restarted.claim({ id: legacy[0]!._id, endpointId: a }, 'worker-2', Date.now(), Date.now() + 60_000)).toMatchObject({
      _id: legacy[0]!._id,
    });

    await new DeliveryRepository(connection).onModuleInit();
    expect(await restarted.page(a, 10)).toHaveLength(2);
  });
});
