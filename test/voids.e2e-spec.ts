import { runRebuild } from '../apps/metrics/src/testing/harness';
import { eventually } from './support/env';
import { ok, send } from './support/gateway';

// SPEC §7 corrections, through the gateway: a wrong revenue event is voided and every figure it fed
// goes back by its amount exactly once — live, when voided twice, when the event is already archived,
// and in a rebuild from archive + hot store. Only the group's own client events can be voided.

const platformKey = process.env.E2E_ADMIN_KEY!;
const DAY = 86_400_000;

describe('voiding a client event, through the gateway', () => {
  const now = Date.now();
  let groupId: string;
  let admin: string;
  let writer: string;
  let reader: string;
  let creatorId: string;
  const events: Record<'sale' | 'wrong' | 'old' | 'login', string> = { sale: '', wrong: '', old: '', login: '' };
  let position = 0;
  const at = (path: string) => `/v1/groups/${groupId}${path}`;
  const figures = async () => {
    const stats = await ok('GET', at(`/creators/${creatorId}/stats?minPosition=${position}`), reader);
    const metrics = await ok('GET', at(`/metrics?minPosition=${position}`), reader);
    const activity = await ok('GET', at(`/things/${creatorId}/activity?limit=100&minPosition=${position}`), reader);
    return {
      totalRevenue: stats._computed.totalRevenue,
      creatorEvents: stats._computed.totalEvents,
      revenueThisMonth: metrics._computed.revenueThisMonth,
      eventsThisMonth: metrics._computed.eventsThisMonth,
      activity: activity.activity.map((e: { id: string }) => e.id).filter((id: string) => Object.values(events).includes(id)),
    };
  };
  const voidEvent = (eventId: string, key = writer, body: unknown = { reason: 'wrong amount' }) =>
    send('POST', at(`/events/${eventId}/void`), key, body);

  beforeAll(async () => {
    const created = await ok('POST', '/v1/groups', platformKey, { name: `Voids ${now}`, type: 'friend_circle' });
    groupId = created.group.id;
    admin = created.apiKey.key;
    writer = (await ok('POST', at('/api-keys'), admin, { role: 'writer' })).key;
    reader = (await ok('POST', at('/api-keys'), admin, { role: 'reader' })).key;
    creatorId = (await ok('POST', at('/things/batch'), writer, { things: [{ type: 'creator', name: 'Ada' }] })).created[0];
    const recorded = await ok('POST', at('/events/batch'), writer, {
      events: [
        { type: 'revenue_generated', actorId: creatorId, timestamp: now - 60_000, metadata: { amount: 100, currency: 'USD' } },
        { type: 'revenue_generated', actorId: creatorId, timestamp: now - 30_000, metadata: { amount: 250.75, currency: 'USD' } },
        { type: 'revenue_generated', actorId: creatorId, timestamp: now - 400 * DAY, metadata: { amount: 40, currency: 'USD' } },
        { type: 'user_login', actorId: creatorId, timestamp: now - 10_000 },
      ],
    });
    [events.sale, events.wrong, events.old, events.login] = recorded.created;
    position = recorded.position;
  });

  it('reads the figures the four events fed', async () => {
    expect(await figures()).toEqual({
      totalRevenue: 390.75,
      creatorEvents: 4,
      revenueThisMonth: 350.75,
      eventsThisMonth: 3,
      activity: [events.login, events.wrong, events.sale, events.old],
    });
  });

  it('voids the wrong revenue event: totalRevenue and revenueThisMonth go back by its amount', async () => {
    const voided = await voidEvent(events.wrong);
    expect(voided.status).toBe(200);
    expect(voided.body).toEqual({ eventId: events.wrong, voided: true, position: expect.any(Number) });
    position = Math.max(position, voided.body.position);
    expect(await figures()).toEqual({
      totalRevenue: 140,
      creatorEvents: 3,
      revenueThisMonth: 100,
      eventsThisMonth: 2,
      activity: [events.login, events.sale, events.old],
    });
  });

  it('a second void of the same event is a no-op that answers as the first', async () => {
    const first = await voidEvent(events.wrong);
    const again = await voidEvent(events.wrong, writer, { reason: 'clicked twice' });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    // a later event moves the position on: the reads below include anything the repeats could have caused
    const later = await ok('POST', at('/events/batch'), writer, { events: [{ type: 'user_login', timestamp: now - 5_000 }] });
    position = later.position;
    expect(await figures()).toMatchObject({ totalRevenue: 140, revenueThisMonth: 100, eventsThisMonth: 3 });
  });

  it('refuses what is not this group’s client event, and bad requests, with clear problems', async () => {
    const thingCreated = (await ok('GET', at(`/things/${creatorId}/activity?limit=100&minPosition=${position}`), reader)).activity.find(
      (e: { type: string }) => e.type === 'thing_created',
    );
    const platform = await voidEvent(thingCreated.id);
    expect({ status: platform.status, code: platform.body.code }).toEqual({ status: 409, code: 'event_not_voidable' });

    const other = await ok('POST', '/v1/groups', platformKey, { name: `Voids other ${now}`, type: 'friend_circle' });
    const theirs = await ok('POST', `/v1/groups/${other.group.id}/events/batch`, other.apiKey.key, { events: [{ type: 'user_login' }] });
    await ok('GET', `/v1/groups/${other.group.id}/metrics?minPosition=${theirs.position}`, other.apiKey.key);
    const foreign = await voidEvent(theirs.created[0]);
    expect({ status: foreign.status, code: foreign.body.code }).toEqual({ status: 404, code: 'event_not_found' });
    const unknown = await voidEvent('01900000-0000-7000-8000-0000000e0e0e');
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'event_not_found' });

    const noReason = await voidEvent(events.sale, writer, {});
    expect(noReason.status).toBe(400);
    expect([...new Set(noReason.body.errors.map((e: { path: string }) => e.path))]).toEqual(['reason']);
    const byReader = await voidEvent(events.sale, reader);
    expect({ status: byReader.status, code: byReader.body.code }).toEqual({ status: 403, code: 'forbidden' });
    expect(await figures()).toMatchObject({ totalRevenue: 140, revenueThisMonth: 100 });
  });

  it('voids an event that is already archived: the void carries what it reverses', async () => {
    await eventually(
      async () => ((await ok('GET', `/v1/archival/status?groupId=${groupId}`, reader)).eligibleForArchival === 1 ? true : undefined),
      20000,
      'the backdated event eligible for archival',
    );
    const run = await send('POST', at('/archival/runs'), admin, { daysCutoff: 365 });
    expect(run.status).toBeLessThan(300);
    expect(await ok('GET', `/v1/archival/status?groupId=${groupId}`, reader)).toMatchObject({ alreadyArchived: 1, eligibleForArchival: 0 });

    const voided = await voidEvent(events.old);
    expect(voided.status).toBe(200);
    position = Math.max(position, voided.body.position);
    expect(await figures()).toEqual({
      totalRevenue: 100,
      creatorEvents: 2,
      revenueThisMonth: 100,
      eventsThisMonth: 3,
      activity: [events.login, events.sale],
    });
  });

  it('a rebuild from archive + hot store reproduces the corrected figures exactly', async () => {
    const { output } = await runRebuild('onescale_metrics', {
      READ_MODEL_SHARDS: '1',
      ARCHIVER_URL: process.env.E2E_ARCHIVER_URL!,
      INTERNAL_TOKEN: process.env.INTERNAL_TOKEN!,
    });
    expect(output).toMatch(/archive: [1-9]\d* events/);
    // other test files may be writing meanwhile: every difference is listed (50 at most), none of this group's
    const differences = Number(/: (\d+) difference\(s\)/.exec(output)?.[1]);
    expect(differences).toBeLessThanOrEqual(50);
    const ours = output.split('\n').filter((line) => line.includes(groupId) || line.includes(creatorId));
    expect(ours).toEqual([]);
    expect(await figures()).toMatchObject({ totalRevenue: 100, revenueThisMonth: 100 });
  });
});
