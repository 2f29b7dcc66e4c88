import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { DAY_MS, TOPICS, fromNdjson, isType, utcDay, type EventEnvelope } from '@onescale/ontology';
import { sha256Hex } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { tapTopic, type TopicTap } from '../../../../test/support/kafka';
import { ArchiveFixture, FAKE_NOW, backdatedEvents, idsOf } from '../testing/archive-fixture';

/** Pages through a group's archive with the public read route. */
async function readAll(url: string, groupId: string, query = ''): Promise<{ items: EventEnvelope[]; pages: number }> {
  const items: EventEnvelope[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const q: string = `${query}${query ? '&' : ''}limit=700${cursor ? `&cursor=${cursor}` : ''}`;
    const reply: { status: number; body: any } = await request('GET', `${url}/v1/groups/${groupId}/archive/events?${q}`, {
      internal: true,
    });
    expect(reply.status).toBe(200);
    items.push(...reply.body.items);
    expect(reply.body.hasMore).toBe(reply.body.nextCursor !== null);
    cursor = reply.body.nextCursor;
    pages += 1;
  } while (cursor !== null);
  return { items, pages };
}

describe('archiver: 5,000 backdated events across 3 groups and 40 days (FerretDB, versitygw, Kafka)', () => {
  const fixture = new ArchiveFixture();
  const groups = [1, 2, 3].map((n) => `arch-${fixture.suffix}-g${n}`);
  const old = backdatedEvents(groups, 5000, 40);
  // Younger than 365 days at FAKE_NOW: these must stay hot.
  const recent = backdatedEvents(groups, 150, 10, 30).map((e) => ({ ...e, id: `${e.id}-recent` }));
  let archiver: AppProcess;
  let tap: TopicTap;

  beforeAll(async () => {
    await fixture.open();
    await fixture.seed([...old, ...recent]);
    [archiver, tap] = await Promise.all([startAppProcess('archiver', { port: 3400, env: fixture.env() }), tapTopic(TOPICS.events)]);
  });

  afterAll(async () => {
    await Promise.allSettled([archiver?.kill(), tap?.stop()]);
    await fixture.close(groups);
  });

  it('reports what is eligible before the first run, from measured sizes', async () => {
    const reply = await request('GET', `${archiver.url}/v1/archival/status?groupId=${groups[0]}`, { internal: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      groupId: groups[0],
      eligibleForArchival: old.filter((e) => e.groupId === groups[0]).length,
      alreadyArchived: 0,
      config: { AGE_THRESHOLD_DAYS: 365, BATCH_SIZE: 1000, RETENTION_DAYS: 2555 },
      lastRun: null,
    });
    expect(reply.body.estimates.storageSavedBytes).toBeGreaterThan(1667 * 150);
    expect(reply.body.estimates.storageSaved).toMatch(/^\d+(\.\d)? (KB|MB)$/);
    // No run has measured throughput or compression yet: no invented figures.
    expect(reply.body.estimates.hoursToArchiveAll).toBeNull();
    expect(reply.body.estimates.archiveSize).toBeNull();
  });

  it('archives every old event into one object per group and UTC day, and only those', async () => {
    const reply = await request('POST', `${archiver.url}/v1/archival/runs`, { internal: true });
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ groupsProcessed: 3, totalArchived: 5000, totalFailed: 0, successRate: 100, outcome: 'success' });
    expect(reply.body.batches.map((b: { groupId: string }) => b.groupId).sort()).toEqual([...groups].sort());
    for (const batch of reply.body.batches) expect(batch.archived).toBe(old.filter((e) => e.groupId === batch.groupId).length);

    const manifests = await fixture.manifests(groups);
    const expectedKeys = new Set(old.map((e) => `events/${e.groupId}/${utcDay(e.timestamp).replaceAll('-', '/')}/`));
    expect(expectedKeys.size).toBe(120);
    expect(new Set(manifests.map((m) => m._id.replace(/[^/]+\.jsonl\.gz$/, '')))).toEqual(expectedKeys);
    expect(manifests.every((m) => /^events\/[^/]+\/\d{4}\/\d{2}\/\d{2}\/[0-9a-f-]{36}\.jsonl\.gz$/.test(m._id))).toBe(true);
    expect(manifests.every((m) => m.state === 'archived' && m.emitted === true)).toBe(true);
    // The objects are exactly the manifests: no orphan, none missing.
    expect((await fixture.objectKeys(groups)).sort()).toEqual(manifests.map((m) => m._id).sort());

    for (const m of manifests) {
      const body = await fixture.storage.get(m._id);
      expect({ bytes: body.length, sha256: sha256Hex(body) }).toEqual({ bytes: m.bytes, sha256: m.sha256 });
      const events = fromNdjson(gunzipSync(body).toString('utf8'));
      expect(events).toHaveLength(m.count);
      expect(Math.min(...events.map((e) => e.timestamp))).toBe(m.minTimestamp);
      expect(Math.max(...events.map((e) => e.timestamp))).toBe(m.maxTimestamp);
      expect(events.every((e) => e.groupId === m.groupId && utcDay(e.timestamp) === m.day)).toBe(true);
      expect(m.types).toEqual([...new Set(events.map((e) => e.type))].sort());
    }
    expect(idsOf(await fixture.archivedEvents(groups))).toEqual(idsOf(old));
    expect((await fixture.hotIds(groups)).sort()).toEqual(idsOf(recent));
  });

  it('announces each group with one events_archived naming its objects', async () => {
    const announced = await eventually(() => {
      const mine = tap.envelopes.filter((e) => isType(e, 'events_archived')).filter((e) => groups.includes(e.groupId));
      return mine.length === 3 ? mine : undefined;
    }, 30_000);
    const manifests = await fixture.manifests(groups);
    for (const event of announced) {
      expect(event.rootGroupId).toBe(`root-${event.groupId}`);
      expect(event.data.count).toBe(old.filter((e) => e.groupId === event.groupId).length);
      expect([...event.data.objectKeys].sort()).toEqual(
        manifests
          .filter((m) => m.groupId === event.groupId)
          .map((m) => m._id)
          .sort(),
      );
      expect(event.data.cutoff).toBe(FAKE_NOW - 365 * DAY_MS);
    }
  });

  it('reads back exactly the archived events, in pages, with time and type filters', async () => {
    for (const groupId of groups) {
      const mine = old.filter((e) => e.groupId === groupId);
      const { items, pages } = await readAll(archiver.url, groupId);
      expect(pages).toBeGreaterThan(1);
      expect(items).toHaveLength(mine.length);
      expect([...items].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...mine].sort((a, b) => a.id.localeCompare(b.id)));
    }
    const g = groups[1]!;
    const days = [...new Set(old.map((e) => utcDay(e.timestamp)))].sort();
    const from = Date.parse(`${days[10]}T00:00:00Z`);
    const to = Date.parse(`${days[13]}T00:00:00Z`) + 5 * 3600_000;
    const expected = old.filter((e) => e.groupId === g && e.type === 'revenue_generated' && e.timestamp >= from && e.timestamp < to);
    const filtered = await readAll(archiver.url, g, `from=${from}&to=${to}&type=revenue_generated`);
    expect(idsOf(filtered.items)).toEqual(idsOf(expected));
    expect(expected.length).toBeGreaterThan(10);
  });

  it('streams every archived event of a group as NDJSON for a rebuild', async () => {
    const response = await fetch(`${archiver.url}/internal/archive/events?groupId=${groups[2]}`, {
      headers: { 'x-onescale-internal-token': process.env.INTERNAL_TOKEN ?? 'test-internal-token-0123456789abcdef' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/);
    const events = fromNdjson(await response.text());
    expect(idsOf(events)).toEqual(idsOf(old.filter((e) => e.groupId === groups[2])));
  });

  it('lists manifests without event ids and rejects bad reads with 400', async () => {
    const page = await request('GET', `${archiver.url}/v1/groups/${groups[0]}/archive/manifests?limit=30`, { internal: true });
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(30);
    expect(page.body.hasMore).toBe(true);
    expect(Object.keys(page.body.items[0]).sort()).toEqual([
      'bytes',
      'count',
      'day',
      'groupId',
      'key',
      'maxTimestamp',
      'minTimestamp',
      'sha256',
      'types',
      'uncompressedBytes',
    ]);
    const rest = await request(
      'GET',
      `${archiver.url}/v1/groups/${groups[0]}/archive/manifests?limit=1000&cursor=${page.body.nextCursor}`,
      { internal: true },
    );
    expect(rest.body.items).toHaveLength(10);
    expect(rest.body.hasMore).toBe(false);

    for (const q of ['cursor=garbage', 'from=10&to=5', 'limit=0', 'limit=abc', 'from=-1', 'unknown=1']) {
      const reply = await request('GET', `${archiver.url}/v1/groups/${groups[0]}/archive/events?${q}`, { internal: true });
      expect({ q, status: reply.status }).toEqual({ q, status: 400 });
    }
  });

  it('reports the run in the status, with estimates from its throughput and compression', async () => {
    const reply = await request('GET', `${archiver.url}/v1/archival/status`, { internal: true });
    expect(reply.body.eligibleForArchival).toBe(0);
    expect(reply.body.alreadyArchived).toBe(5000);
    // The archive's size is estimated from the objects' compression: known once objects exist.
    expect(reply.body.estimates).toMatchObject({ storageSaved: '0 B', archiveSize: '0 B', hoursToArchiveAll: 0 });
    expect(reply.body.lastRun).toMatchObject({ kind: 'daily', outcome: 'success', totalArchived: 5000 });
    expect(reply.body.lastRun.eventsPerSecond).toBeGreaterThan(0);
  });

  it('a second run writes nothing, and removes redelivered copies of archived events instead of archiving them twice', async () => {
    const before = (await fixture.objectKeys(groups)).sort();
    // The metrics projector may insert an event again after it was archived (Kafka redelivery).
    const redelivered = old.filter((e) => e.groupId === groups[1]).slice(100, 105);
    await fixture.seed(redelivered);
    const reply = await request('POST', `${archiver.url}/v1/archival/runs`, { internal: true });
    expect(reply.body).toMatchObject({ totalArchived: 0, totalFailed: 0, outcome: 'success' });
    expect((await fixture.objectKeys(groups)).sort()).toEqual(before);
    expect((await fixture.hotIds(groups)).sort()).toEqual(idsOf(recent));
    expect(idsOf(await fixture.archivedEvents(groups))).toEqual(idsOf(old));
  });

  it('a group run archives with its own cutoff; a group with nothing old answers zeros', async () => {
    const g = groups[0]!;
    const run = await request('POST', `${archiver.url}/v1/groups/${g}/archival/runs`, { internal: true, body: { daysCutoff: 0 } });
    expect(run.status).toBe(200);
    expect(run.body).toMatchObject({ groupsProcessed: 1, totalArchived: recent.filter((e) => e.groupId === g).length, totalFailed: 0 });
    expect(await fixture.hotIds([g])).toEqual([]);

    const empty = await request('POST', `${archiver.url}/v1/groups/nobody-${randomUUID()}/archival/runs`, { internal: true, body: {} });
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({
      groupsProcessed: 1,
      totalArchived: 0,
      totalFailed: 0,
      successRate: 100,
      batches: [{ archived: 0, failed: 0 }],
    });

    for (const daysCutoff of [-1, 1.5, '3', null]) {
      const bad = await request('POST', `${archiver.url}/v1/groups/${g}/archival/runs`, { internal: true, body: { daysCutoff } });
      expect({ daysCutoff, status: bad.status, code: bad.body.code }).toEqual({ daysCutoff, status: 400, code: 'validation_failed' });
    }
  });

  it('purges objects and manifests past RETENTION_DAYS', async () => {
    // Seven years later the same archive is past retention.
    const later = await startAppProcess('archiver', {
      port: 3401,
      env: fixture.env({ ONESCALE_FAKE_NOW: String(FAKE_NOW + 2600 * DAY_MS) }),
    });
    try {
      const reply = await request('POST', `${later.url}/v1/archival/runs`, { internal: true });
      expect(reply.status).toBe(200);
      // The 120 objects of the first run, group 1's recent days (its group run), and the other groups'
      // recent days, archived by this run (now old enough) and past retention at once.
      expect(reply.body.totalArchived).toBe(recent.filter((e) => e.groupId !== groups[0]).length);
      expect(reply.body.purged).toBe(120 + new Set(recent.map((e) => `${e.groupId}/${utcDay(e.timestamp)}`)).size);
      expect(await fixture.manifests(groups)).toEqual([]);
      expect(await fixture.objectKeys(groups)).toEqual([]);
    } finally {
      await later.kill();
    }
  });
});
