import { Progress, PROGRESS_TRUST_MS } from './progress';

/** The two calls Progress makes, over a map, counting the reads (the database itself is exercised by the integration tests). */
class Documents {
  readonly docs = new Map<string, { _id: string; offset: number }>();
  reads = 0;
  /** When set, the next read answers this instead (a read that overlapped a later write). */
  stale: number | null = null;

  findOne(filter: { _id: string }) {
    this.reads++;
    const stale = this.stale;
    this.stale = null;
    return Promise.resolve(stale === null ? (this.docs.get(filter._id) ?? null) : { _id: filter._id, offset: stale });
  }

  replaceOne(filter: { _id: string }, doc: { _id: string; offset: number }) {
    this.docs.set(filter._id, doc);
    return Promise.resolve();
  }
}

describe('Progress', () => {
  let now: number;
  let db: Documents;
  let owned: Set<string>;
  const progress = (): Progress => {
    const p = new Progress(db as unknown as ConstructorParameters<typeof Progress>[0], () => now);
    p.ownedBy((topic, partition) => owned.has(`${topic}-${partition}`));
    return p;
  };
  beforeEach(() => {
    now = 1_000_000;
    db = new Documents();
    owned = new Set(['events-0']);
  });

  it('answers a partition this process consumes from what it recorded, without the database', async () => {
    const p = progress();
    await p.record('events', 0, 41);
    await p.record('events', 0, 42);
    expect(await p.current('events', 0)).toBe(42);
    expect(await p.current('events', 0, 42)).toBe(42);
    expect(db.reads).toBe(0);
  });

  it('reads the database for a partition another process consumes, every time', async () => {
    const p = progress();
    db.docs.set('events-1', { _id: 'events-1', offset: 7 });
    expect(await p.current('events', 1)).toBe(7);
    db.docs.set('events-1', { _id: 'events-1', offset: 9 });
    expect(await p.current('events', 1)).toBe(9);
    expect(db.reads).toBe(2);
  });

  it('reads the database once per partition it consumes, then holds the offset', async () => {
    const p = progress();
    db.docs.set('events-0', { _id: 'events-0', offset: 5 });
    expect(await p.current('events', 0)).toBe(5);
    expect(await p.current('events', 0)).toBe(5);
    expect(db.reads).toBe(1);
  });

  it('reads the database again once what it holds is older than the trust period', async () => {
    const p = progress();
    await p.record('events', 0, 10);
    db.docs.set('events-0', { _id: 'events-0', offset: 20 }); // another member moved it meanwhile
    now += PROGRESS_TRUST_MS - 1;
    expect(await p.current('events', 0)).toBe(10);
    now += 1;
    expect(await p.current('events', 0)).toBe(20);
    expect(db.reads).toBe(1);
  });

  it('reads the database when a read needs a later offset than the one held', async () => {
    const p = progress();
    await p.record('events', 0, 10);
    db.docs.set('events-0', { _id: 'events-0', offset: 12 });
    expect(await p.current('events', 0, 11)).toBe(12);
    expect(db.reads).toBe(1);
  });

  it('forgets what it holds on a rebalance', async () => {
    const p = progress();
    await p.record('events', 0, 10);
    db.docs.set('events-0', { _id: 'events-0', offset: 30 });
    p.forget();
    expect(await p.current('events', 0)).toBe(30);
  });

  it('holds nothing for a partition it recorded but no longer consumes', async () => {
    const p = progress();
    await p.record('events', 0, 10);
    owned.clear();
    db.docs.set('events-0', { _id: 'events-0', offset: 30 });
    expect(await p.current('events', 0)).toBe(30);
    owned.add('events-0');
    p.forget();
    await p.record('usage', 0, 3); // another topic's partition 0 is not this one
    expect(await p.current('events', 0)).toBe(30);
    expect(db.reads).toBe(2);
  });

  it('never takes an offset back when a read that began before a record answers after it', async () => {
    const p = progress();
    await p.record('events', 0, 50);
    db.stale = 40;
    expect(await p.applied('events', 0)).toBe(40); // what the database answered, as the projector asked
    expect(await p.current('events', 0)).toBe(50);
  });

  it('answers the offset of a partition it consumes, and nothing, without a read, for another', async () => {
    const p = progress();
    db.docs.set('usage-1', { _id: 'usage-1', offset: 4 });
    expect(await p.owned('usage', 1)).toBeUndefined();
    owned.add('usage-1');
    expect(await p.owned('usage', 1)).toBe(4);
    expect(await p.owned('usage', 1)).toBe(4);
    expect(db.reads).toBe(1);
  });
});
