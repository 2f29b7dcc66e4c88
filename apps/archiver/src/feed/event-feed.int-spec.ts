import { DAY_MS, type EventEnvelope } from '@onescale/ontology';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { request } from '../../../../test/support/http';
import { ArchiveFixture, FAKE_NOW, backdatedEvents } from '../testing/archive-fixture';
import { manifestCollectionOf } from '../archive/manifests';

const newestFirst = (a: EventEnvelope, b: EventEnvelope): number => b.timestamp - a.timestamp || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** One group's events over 30 days, the older 20 days archived: the feed reads both tiers as one. */
describe('the event feed over the hot store and the archive (FerretDB, versitygw)', () => {
  const fixture = new ArchiveFixture();
  const [group, other] = ['feed', 'other'].map((n) => `feed-${fixture.suffix}-${n}`) as [string, string];
  // 10 days from 381 to 372 days old archive (older than 365); 20 days from 360 to 341 stay hot.
  const old = backdatedEvents([group], 400, 10, 372);
  const recent = backdatedEvents([group], 300, 20, 341).map((e) => ({ ...e, id: `${e.id}-recent` }));
  const theirs = backdatedEvents([other], 50, 5, 341);
  const all = [...old, ...recent].sort(newestFirst);
  let archiver: AppProcess;

  const feed = async (query: string) => request('GET', `${archiver.url}/v1/groups/${group}/events?${query}`, { internal: true });
  /** Every page of a query, with the ids of each page. */
  const pages = async (query: string): Promise<string[][]> => {
    const out: string[][] = [];
    let cursor: string | null = null;
    do {
      const reply: { status: number; body: any } = await feed(`${query}${cursor === null ? '' : `&cursor=${cursor}`}`);
      expect(reply.status).toBe(200);
      expect(reply.body.hasMore).toBe(reply.body.nextCursor !== null);
      out.push(reply.body.items.map((e: { id: string }) => e.id));
      cursor = reply.body.nextCursor;
    } while (cursor !== null);
    return out;
  };

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed([...old, ...recent, ...theirs]);
    archiver = await startAppProcess('archiver', { port: 3470, env: fixture.env() });
    const run = await request('POST', `${archiver.url}/v1/groups/${group}/archival/runs`, { internal: true, body: { daysCutoff: 365 } });
    expect(run.body).toMatchObject({ totalArchived: old.length, totalFailed: 0 });
  });

  afterAll(async () => {
    await archiver?.kill();
    await fixture.close([group, other]);
  });

  it('pages through hot then archived events newest first, each once, across the tier boundary', async () => {
    const seen = await pages('limit=130');
    expect(seen.map((p) => p.length)).toEqual([130, 130, 130, 130, 130, 50]);
    // the third page starts in the hot store and ends in the archive
    expect(seen[2]!.some((id) => id.endsWith('-recent'))).toBe(true);
    expect(seen[2]!.some((id) => !id.endsWith('-recent'))).toBe(true);
    expect(seen.flat()).toEqual(all.map((e) => e.id));
  });

  it('answers the public shape of each event', async () => {
    const { body } = await feed('limit=1');
    const newest = all[0]!;
    expect(body.items[0]).toEqual({
      id: newest.id,
      type: newest.type,
      groupId: group,
      ...(newest.actorId === undefined ? {} : { actorId: newest.actorId }),
      ...(newest.targetId === undefined ? {} : { targetId: newest.targetId }),
      timestamp: newest.timestamp,
      recordedAt: newest.recordedAt,
      metadata: (newest.data as { metadata: unknown }).metadata,
    });
  });

  it('reads a time range oldest first, and filters by type, actor and target in both tiers', async () => {
    const from = FAKE_NOW - 376 * DAY_MS;
    const to = FAKE_NOW - 350 * DAY_MS;
    const inRange = all.filter((e) => e.timestamp >= from && e.timestamp < to).reverse();
    expect((await pages(`from=${from}&to=${to}&order=asc&limit=97`)).flat()).toEqual(inRange.map((e) => e.id));

    const revenue = all.filter((e) => e.type === 'revenue_generated' && e.actorId === 'person-0' && e.targetId === 'thing-0');
    expect(revenue.length).toBeGreaterThan(0);
    expect((await pages('type=revenue_generated&actorId=person-0&targetId=thing-0&limit=5')).flat()).toEqual(revenue.map((e) => e.id));
  });

  it('still reads by type an object whose manifest predates its list of types', async () => {
    await fixture.archive.collection(manifestCollectionOf(group)).updateMany({}, { $unset: { types: '' } });
    const viewed = all.filter((e) => e.type === 'content_viewed');
    expect((await pages('type=content_viewed&limit=1000')).flat()).toEqual(viewed.map((e) => e.id));
  });

  it('refuses a cursor of another group, of other filters, or not a cursor, and a range that ends before it starts', async () => {
    const page = (await feed('limit=3')).body;
    const foreign = await request('GET', `${archiver.url}/v1/groups/${other}/events?limit=3&cursor=${page.nextCursor}`, { internal: true });
    const refiltered = await feed(`limit=3&type=user_login&cursor=${page.nextCursor}`);
    const garbage = await feed('cursor=nope');
    const backwards = await feed('from=20&to=10');
    const badLimit = await feed('limit=0&order=sideways');
    expect(
      [foreign, refiltered, garbage, backwards, badLimit].map((r) => ({
        status: r.status,
        code: r.body.code,
        paths: r.body.errors.map((e: { path: string }) => e.path).sort(),
      })),
    ).toEqual([
      { status: 400, code: 'invalid_cursor', paths: ['cursor'] },
      { status: 400, code: 'invalid_cursor', paths: ['cursor'] },
      { status: 400, code: 'invalid_cursor', paths: ['cursor'] },
      { status: 400, code: 'validation_failed', paths: ['from'] },
      { status: 400, code: 'validation_failed', paths: ['limit', 'order'] },
    ]);
  });
});
