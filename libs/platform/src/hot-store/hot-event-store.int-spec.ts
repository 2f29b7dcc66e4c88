import { randomUUID } from 'node:crypto';
import { MongoClient, type CommandStartedEvent, type Db } from 'mongodb';
import type { Connection } from 'mongoose';
import type { EventEnvelope } from '@onescale/ontology';
import { testEnv } from '../../../../test/support/env';
import { connectMongo } from '../mongo/mongo';
import { DayLedger } from './day-ledger';
import { envelopeOf, hotBytesOf, hotDocOf, type HotEventDoc } from './hot-event';
import { HotEventStore } from './hot-event-store';

const DAY = 86_400_000;
const D1 = Date.UTC(2030, 4, 1);
const D2 = D1 + DAY;

const event = (id: string, groupId: string, timestamp: number): EventEnvelope => ({
  id,
  type: 'content_viewed',
  groupId,
  rootGroupId: groupId,
  timestamp,
  recordedAt: timestamp,
  data: { metadata: { 'odd.key': 1 } },
  schemaVersion: 1,
});

const ids = async (docs: AsyncIterable<HotEventDoc>): Promise<string[]> => {
  const out: string[] = [];
  for await (const d of docs) out.push(d._id);
  return out.sort();
};

const entries = (docs: readonly HotEventDoc[]) =>
  docs.map((d) => ({ groupId: d.groupId, timestamp: d.timestamp, offset: d.offset, bytes: hotBytesOf(d) }));

describe('the day-partitioned hot event store and its day ledger (real server)', () => {
  let connection: Connection;
  let db: Db;
  let store: HotEventStore;
  let ledger: DayLedger;

  beforeAll(async () => {
    connection = await connectMongo(testEnv.mongoUri, `onescale_hot_${randomUUID().slice(0, 8)}`);
    db = connection.db!;
    store = new HotEventStore(db, 'events');
    ledger = DayLedger.of(db);
  });

  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('appends each event once into the collection of its UTC day, and reads one day (of one group) alone', async () => {
    const docs = [event('a1', 'ga', D1 + 5), event('b1', 'gb', D1 + 6), event('a2', 'ga', D2 + 7)].map((e, offset) =>
      hotDocOf(e, { partition: 0, offset }),
    );
    expect(await store.insert(docs)).toEqual(new Set());
    expect(await store.insert([docs[0]!, hotDocOf(event('a3', 'ga', D2 + 8), { partition: 0, offset: 3 })])).toEqual(new Set(['a1']));

    expect(await store.partitions()).toEqual([
      { day: '20300501', sealed: false },
      { day: '20300502', sealed: false },
    ]);
    expect((await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort()).toEqual([
      'events_d20300501',
      'events_d20300502',
    ]);
    expect(await ids(store.read('20300501'))).toEqual(['a1', 'b1']);
    expect(await ids(store.read('20300501', { groupId: 'ga' }))).toEqual(['a1']);
    expect(await ids(store.read('20300502', { before: D2 + 8 }))).toEqual(['a2']);
    expect(
      await store.positionsOf([
        { id: 'a2', timestamp: D2 + 7 },
        { id: 'nope', timestamp: D2 },
      ]),
    ).toEqual(new Map([['a2', { partition: 0, offset: 2 }]]));
  });

  it('stores an event as its id, its group and JSON text, and reads days written field by field beside it', async () => {
    const name = 'mixed';
    const mixed = new HotEventStore(db, name);
    const day = D1 + 9 * DAY;
    const packed = [
      { ...event('n1', 'ga', day + 1), actorId: 'p1' },
      { ...event('n2', 'gb', day + 2), type: 'revenue_generated', targetId: 't1', data: { metadata: { amount: 5, 'odd.key': 1 } } },
    ];
    const legacy = [
      { ...event('o1', 'ga', day + 3), actorId: 'p1' },
      { ...event('o2', 'ga', day + 4), type: 'revenue_generated', targetId: 't1', data: { metadata: { amount: 5, 'odd.key': 1 } } },
    ];
    await mixed.insert(packed.map((e, i) => hotDocOf(e, { partition: 3, offset: i })));
    // What an earlier version wrote: every field of the envelope, `data` as JSON text.
    await db
      .collection<{ _id: string }>(`${name}_d20300510`)
      .insertMany(legacy.map((e, i) => ({ ...hotDocOf(e, { partition: 3, offset: 10 + i }), data: JSON.stringify(e.data) })));

    const raw = await db.collection<{ _id: string }>(`${name}_d20300510`).findOne({ _id: 'n1' });
    expect(Object.keys(raw!).sort()).toEqual(['_id', 'e', 'groupId']);

    const all: HotEventDoc[] = [];
    for await (const d of mixed.read('20300510')) all.push(d);
    expect(all.map(envelopeOf).sort((a, b) => a.timestamp - b.timestamp)).toEqual(
      [...packed, ...legacy].sort((a, b) => a.timestamp - b.timestamp),
    );
    expect(await ids(mixed.read('20300510', { groupId: 'ga', actorId: 'p1' }))).toEqual(['n1', 'o1']);
    expect(await ids(mixed.read('20300510', { type: 'revenue_generated', targetId: 't1' }))).toEqual(['n2', 'o2']);
    expect(await ids(mixed.read('20300510', { groupId: 'ga', from: day + 3, before: day + 4 }))).toEqual(['o1']);
    expect(await mixed.count('20300510', { groupId: 'ga', before: day + 4 })).toBe(2);
    expect(envelopeOf((await mixed.find('o2', ['20300510']))!)).toEqual(legacy[1]);
    expect(
      await mixed.positionsOf([
        { id: 'n2', timestamp: day + 2 },
        { id: 'o1', timestamp: day + 3 },
      ]),
    ).toEqual(
      new Map([
        ['n2', { partition: 3, offset: 1 }],
        ['o1', { partition: 3, offset: 10 }],
      ]),
    );
  });

  it("finds copies' positions by `_id` lookups only, never a query that reads the whole day", async () => {
    const day = Array.from({ length: 40 }, (_, i) =>
      hotDocOf(event(`p${i}`, i % 2 ? 'ga' : 'gb', D1 + 5 * DAY + i), { partition: 2, offset: i }),
    );
    // A store of its own name: the other cases list every partition of 'events'.
    await new HotEventStore(db, 'copies').insert(day);
    const watched = new MongoClient(testEnv.mongoUri, { monitorCommands: true });
    const finds: CommandStartedEvent[] = [];
    watched.on('commandStarted', (c) => {
      if (c.commandName === 'find') finds.push(c);
    });
    try {
      const asked = [...day.map((d) => ({ id: d._id, timestamp: d.timestamp })), { id: 'absent', timestamp: D1 + 5 * DAY }];
      const found = await new HotEventStore(watched.db(db.databaseName), 'copies').positionsOf(asked);
      expect(found).toEqual(new Map(day.map((d) => [d._id, { partition: 2, offset: d.offset }])));
      expect(finds).toHaveLength(asked.length);
      for (const { command } of finds) expect(typeof command.filter._id).toBe('string');
    } finally {
      await watched.close();
    }
  });

  it('drops a sealed day in one command; a late event for that day starts its partition again', async () => {
    expect(await store.seal('20300501')).toBe(true);
    expect(await store.partitions()).toEqual([
      { day: '20300501', sealed: true },
      { day: '20300502', sealed: false },
    ]);
    // Arriving while the day is archived: it goes to a new live partition, not the sealed one.
    await store.insert([hotDocOf(event('late', 'gb', D1 + 9), { partition: 0, offset: 4 })]);
    expect(await ids(store.read('20300501', { sealed: true }))).toEqual(['a1', 'b1']);
    await store.dropSealed('20300501');

    expect(await store.partitions()).toEqual([
      { day: '20300501', sealed: false },
      { day: '20300502', sealed: false },
    ]);
    expect(await ids(store.read('20300501'))).toEqual(['late']);
    expect(await store.seal('20300501')).toBe(true);
    await store.dropSealed('20300501');
    expect(await store.seal('20300501')).toBe(false);
  });

  it('deletes exactly the named ids of a day', async () => {
    expect(await store.deleteIds('20300502', ['a2', 'missing'])).toBe(1);
    expect(await ids(store.read('20300502'))).toEqual(['a3']);
  });

  it('counts events and bytes per group and day, once under redelivery of the same offsets', async () => {
    const docs = [event('x1', 'gx', D1 + 1), event('x2', 'gx', D1 + 2), event('x3', 'gx', D2 + 3), event('y1', 'gy', D2 + 4)].map((e, i) =>
      hotDocOf(e, { partition: 1, offset: 10 + i }),
    );
    await ledger.record(1, entries(docs));
    // A redelivered batch overlapping the first, and a concurrent copy of it.
    const more = [...docs.slice(2), hotDocOf(event('x4', 'gx', D2 + 5), { partition: 1, offset: 14 })];
    await Promise.all([ledger.record(1, entries(more)), ledger.record(1, entries(docs))]);
    await ledger.record(1, entries(more));

    const bytes = (id: string) => hotBytesOf([...docs, ...more].find((d) => d._id === id)!);
    expect(await ledger.ofGroup('gx')).toEqual([
      { day: '20300501', events: 2, bytes: bytes('x1') + bytes('x2') },
      { day: '20300502', events: 2, bytes: bytes('x3') + bytes('x4') },
    ]);
    expect(await ledger.ofGroup('gy')).toEqual([{ day: '20300502', events: 1, bytes: bytes('y1') }]);
    expect(await ledger.ofGroup('nobody')).toEqual([]);
    expect([...(await ledger.all()).keys()].sort()).toEqual(['gx', 'gy']);
  });
});
