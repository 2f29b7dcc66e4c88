import { eventually } from './support/env';
import { ok, send } from './support/gateway';

// A group's events as one history, through the gateway: each group's events leave the hot store
// after its own plan's retention (starter 90 days, pro 365), and one feed reads a group's hot and
// archived events as one ordered list.

const platformKey = process.env.E2E_ADMIN_KEY!;
const DAY = 86_400_000;

interface Tenant {
  id: string;
  admin: string;
  person: string;
  /** Ids of its events, newest first, and of its 100-day-old ones. */
  ids: string[];
  oldIds: string[];
}

describe('event history through the gateway: retention by plan, one feed over hot and archived events', () => {
  const now = Date.now();
  const tenants: Record<'starter' | 'pro', Tenant> = {} as never;

  const feedIds = async (tenant: Tenant, query: string, key = tenant.admin): Promise<{ pages: string[][] }> => {
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok('GET', `/v1/groups/${tenant.id}/events?${query}${cursor === null ? '' : `&cursor=${cursor}`}`, key);
      expect(page.hasMore).toBe(page.nextCursor !== null);
      pages.push(page.items.map((e: { id: string }) => e.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    return { pages };
  };
  const statusOf = (tenant: Tenant) => ok('GET', `/v1/archival/status?groupId=${tenant.id}`, tenant.admin);
  const archivedIds = async (tenant: Tenant) =>
    (await ok('GET', `/v1/groups/${tenant.id}/archive/events?limit=1000`, tenant.admin)).items.map((e: { id: string }) => e.id).sort();
  const quotaPlan = async (tenant: Tenant) => (await ok('GET', `/v1/groups/${tenant.id}/quotas`, tenant.admin)).plan;

  it('creates a starter and a pro group, each with 6 events 100 days old and 4 recent ones', async () => {
    for (const plan of ['starter', 'pro'] as const) {
      const created = await ok('POST', '/v1/groups', platformKey, { name: `History ${plan} ${now}`, type: 'friend_circle', plan });
      const id = created.group.id;
      const admin = created.apiKey.key;
      const person = (await ok('POST', `/v1/groups/${id}/things/batch`, admin, { things: [{ type: 'creator', name: 'Ada' }] })).created[0];
      // Distinct times, newest first: 4 recent (one a revenue event), then 6 of 100 days ago.
      const times = [1, 2, 3, 4].map((h) => now - h * 3_600_000).concat([0, 1, 2, 3, 4, 5].map((m) => now - 100 * DAY - m * 60_000));
      const events = times.map((timestamp, i) =>
        i === 1
          ? { type: 'revenue_generated', actorId: person, timestamp, metadata: { amount: 12.5, currency: 'USD' } }
          : { type: 'user_login', actorId: person, timestamp },
      );
      const result = await ok('POST', `/v1/groups/${id}/events/batch`, admin, { events });
      expect(result.summary).toMatchObject({ total: 10, success: 10 });
      tenants[plan] = { id, admin, person, ids: result.created, oldIds: result.created.slice(4) };
    }
    await eventually(async () => ((await quotaPlan(tenants.pro)) === 'pro' ? true : undefined), 20_000, 'quota knows the pro plan');
    // the events reach the hot store (and its day ledger) through the event stream
    await eventually(
      async () => ((await statusOf(tenants.starter)).eligibleForArchival === 6 ? true : undefined),
      20_000,
      "the starter group's 6 old events eligible",
    );
    expect(await statusOf(tenants.starter)).toMatchObject({ retentionDays: 90, eligibleForArchival: 6, alreadyArchived: 0 });
    expect(await statusOf(tenants.pro)).toMatchObject({ retentionDays: 365, eligibleForArchival: 0, alreadyArchived: 0 });
  });

  it("archives the starter group's 100-day-old events in the daily run and keeps the pro group's hot", async () => {
    const run = await ok('POST', '/v1/archival/runs', platformKey, {});
    const line = (tenant: Tenant) => run.batches.find((b: { groupId: string }) => b.groupId === tenant.id);
    expect(line(tenants.starter)).toMatchObject({ archived: 6, failed: 0 });
    expect(line(tenants.pro)).toBeUndefined();
    expect(await archivedIds(tenants.starter)).toEqual([...tenants.starter.oldIds].sort());
    expect(await archivedIds(tenants.pro)).toEqual([]);
    expect(await statusOf(tenants.starter)).toMatchObject({ eligibleForArchival: 0, alreadyArchived: 6 });
    expect(await statusOf(tenants.pro)).toMatchObject({ eligibleForArchival: 0, alreadyArchived: 0 });
  });

  it('reads each group’s hot and archived events as one newest-first list, each once, across pages', async () => {
    for (const tenant of [tenants.starter, tenants.pro]) {
      const { pages } = await feedIds(tenant, `actorId=${tenant.person}&limit=3`);
      expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
      expect(pages.flat()).toEqual(tenant.ids);
    }
    // the starter group's second page spans the tier boundary: one hot event, then two archived
    const { pages } = await feedIds(tenants.starter, `actorId=${tenants.starter.person}&limit=3`);
    expect(pages[1]).toEqual([tenants.starter.ids[3], tenants.starter.oldIds[0], tenants.starter.oldIds[1]]);
    // unfiltered, the group's own platform events (group and thing created, events archived) are in the same order
    const everything: any[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await ok(
        'GET',
        `/v1/groups/${tenants.starter.id}/events?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`,
        tenants.starter.admin,
      );
      everything.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(everything.filter((e) => tenants.starter.ids.includes(e.id)).map((e) => e.id)).toEqual(tenants.starter.ids);
    expect(new Set(everything.map((e) => e.id)).size).toBe(everything.length);
    expect(everything.every((e, i) => i === 0 || everything[i - 1].timestamp >= e.timestamp)).toBe(true);
    expect(everything.filter((e) => !tenants.starter.ids.includes(e.id)).map((e) => e.type)).toEqual(
      expect.arrayContaining(['events_archived', 'thing_created']),
    );
  });

  it('filters by time range (oldest first on request), type and actor', async () => {
    const starter = tenants.starter;
    const range = `from=${now - 101 * DAY}&to=${now - 2 * 3_600_000 + 1}`;
    expect((await feedIds(starter, `${range}&actorId=${starter.person}&order=asc&limit=4`)).pages.flat()).toEqual(
      starter.ids.slice(1).reverse(),
    );
    expect((await feedIds(starter, 'type=revenue_generated')).pages.flat()).toEqual([starter.ids[1]]);
    expect((await feedIds(starter, `actorId=${starter.person}&limit=100`)).pages.flat()).toEqual(starter.ids);
    expect((await feedIds(starter, 'actorId=someone-else')).pages.flat()).toEqual([]);
    const first = (await ok('GET', `/v1/groups/${starter.id}/events?type=user_login&limit=1`, starter.admin)).items[0];
    expect(first).toEqual({
      id: starter.ids[0],
      type: 'user_login',
      groupId: starter.id,
      actorId: starter.person,
      timestamp: now - 3_600_000,
      recordedAt: expect.any(Number),
      metadata: {},
    });
  });

  it("answers 404 to another tenant's key and 400 with the field to bad parameters", async () => {
    const other = await send('GET', `/v1/groups/${tenants.starter.id}/events`, tenants.pro.admin);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 404, code: 'not_found' });
    const proCursor = (await ok('GET', `/v1/groups/${tenants.pro.id}/events?limit=1`, tenants.pro.admin)).nextCursor;
    const cases = [
      [`cursor=${proCursor}&limit=1`, 'cursor'],
      ['cursor=%21%21', 'cursor'],
      ['limit=0', 'limit'],
      ['limit=abc', 'limit'],
      ['from=5&to=4', 'from'],
      ['from=-1', 'from'],
      ['order=sideways', 'order'],
    ] as const;
    for (const [query, field] of cases) {
      const bad = await send('GET', `/v1/groups/${tenants.starter.id}/events?${query}`, tenants.starter.admin);
      const paths = [...new Set(bad.body.errors?.map((e: { path: string }) => e.path))];
      expect({ query, status: bad.status, paths }).toEqual({
        query,
        status: 400,
        paths: [field],
      });
    }
  });

  it('applies a plan change at the next run: the pro group moved to starter has its old events archived', async () => {
    const pro = tenants.pro;
    await ok('PATCH', `/v1/groups/${pro.id}`, platformKey, { plan: 'starter' });
    await eventually(async () => ((await quotaPlan(pro)) === 'starter' ? true : undefined), 20_000, 'quota knows the plan change');
    expect(await statusOf(pro)).toMatchObject({ retentionDays: 90, eligibleForArchival: 6 });
    const run = await ok('POST', '/v1/archival/runs', platformKey, {});
    expect(run.batches.find((b: { groupId: string }) => b.groupId === pro.id)).toMatchObject({ archived: 6, failed: 0 });
    expect(await archivedIds(pro)).toEqual([...pro.oldIds].sort());
    expect((await feedIds(pro, `actorId=${pro.person}&limit=4`)).pages.flat()).toEqual(pro.ids);
  });
});
