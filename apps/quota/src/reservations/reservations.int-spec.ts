import { randomUUID } from 'node:crypto';
import { TOPICS, type ReserveRequest, type ReserveResponse } from '@onescale/ontology';
import { eventually } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { knowGroups, counterReaches, newGroup, publisher, startQuota, usage, usageOf, type QuotaUnderTest } from '../testing/quota-harness';

const reserve = async (quota: QuotaUnderTest, body: ReserveRequest): Promise<ReserveResponse> => {
  const { status, body: answer } = await request<ReserveResponse>('POST', `${quota.url}/internal/reservations`, { body, internal: true });
  if (status !== 200) throw new Error(`reserve answered ${status}: ${JSON.stringify(answer)}`);
  return answer;
};

const ask = (rootGroupId: string, amount: number, reservationId: string = randomUUID()): ReserveRequest => ({
  reservationId,
  groupId: rootGroupId,
  rootGroupId,
  metric: 'entities_total',
  amount,
});

/** A starter root group this quota knows; its id. */
const starterRoot = (quota: QuotaUnderTest): string => {
  const group = newGroup('starter');
  knowGroups(quota, [group]);
  return group.id;
};

describe('reservations (quota process, real Kafka and FerretDB)', () => {
  let quota: QuotaUnderTest;

  beforeAll(async () => {
    quota = await startQuota(3310);
  });
  afterAll(async () => {
    await quota?.stop();
  });

  it('given 70 of 100 entities used, when 50 callers race for one slot each, then exactly 30 are granted', async () => {
    const group = newGroup('starter');
    knowGroups(quota, [group]);
    await publisher.publish(TOPICS.usage, [usage(group.id, 'entities_total', 70)]);
    await counterReaches(quota, group.id, 'entities_total', 70);

    const answers = await Promise.all(Array.from({ length: 50 }, () => reserve(quota, ask(group.id, 1))));

    expect(answers.reduce((n, a) => n + a.granted, 0)).toBe(30);
    expect(answers.filter((a) => a.granted === 1)).toHaveLength(30);
    expect((await usageOf(quota, group.id)).reserved.entities_total).toBe(30);
    expect((await reserve(quota, ask(group.id, 1))).granted).toBe(0);
  });

  it('given 30 slots left, when 50 callers race for 3 each, then the grants add up to exactly 30', async () => {
    const root = starterRoot(quota);
    await reserve(quota, ask(root, 70));
    const answers = await Promise.all(Array.from({ length: 50 }, () => reserve(quota, ask(root, 3))));
    expect(answers.reduce((n, a) => n + a.granted, 0)).toBe(30);
  });

  it('given a reservation, when the same id is asked again, then the first grant is returned and nothing more is held', async () => {
    const root = starterRoot(quota);
    const first = await reserve(quota, ask(root, 80, 'same-id'));
    const again = await reserve(quota, ask(root, 80, 'same-id'));
    expect(again).toEqual(first);
    expect((await reserve(quota, ask(root, 100))).granted).toBe(20);
  });

  it('given a reservation, when its usage event confirms it, then the hold becomes usage (once, even if redelivered)', async () => {
    const group = newGroup('starter');
    knowGroups(quota, [group]);
    const held = await reserve(quota, ask(group.id, 10, `res-${randomUUID()}`));
    expect((await usageOf(quota, group.id)).reserved.entities_total).toBe(10);
    const confirmation = usage(group.id, 'entities_total', 8, { reservationId: held.reservationId, reservedAmount: 10 });
    await publisher.publish(TOPICS.usage, [confirmation, confirmation]);
    await counterReaches(quota, group.id, 'entities_total', 8);
    expect((await usageOf(quota, group.id)).reserved.entities_total).toBe(0);
    expect((await reserve(quota, ask(group.id, 100))).granted).toBe(92);
  });

  it("given a starter root, when its sub-group (enterprise in its own record) asks naming enterprise, then the root's plan decides", async () => {
    const root = newGroup('starter');
    const sub = newGroup('enterprise', root);
    knowGroups(quota, [root, sub]);
    const body = { ...ask(root.id, 150), groupId: sub.id, rootGroupId: sub.id, plan: 'enterprise' };
    const { status, body: answer } = await request<ReserveResponse>('POST', `${quota.url}/internal/reservations`, { body, internal: true });
    expect({ status, granted: answer.granted, limit: answer.limit }).toEqual({ status: 200, granted: 100, limit: 100 });
    expect((await usageOf(quota, root.id)).reserved.entities_total).toBe(100);
    expect((await usageOf(quota, sub.id)).reserved.entities_total).toBe(0);
  });

  it('answers 404 for a group neither quota nor ingest knows', async () => {
    expect(
      (await request('POST', `${quota.url}/internal/reservations`, { body: ask(`r-${randomUUID()}`, 1), internal: true })).status,
    ).toBe(404);
  });

  it('rejects malformed reservations with the failing fields', async () => {
    const { status, body } = await request('POST', `${quota.url}/internal/reservations`, {
      body: { ...ask('g', 1), amount: -1, metric: 'bogus', reservationId: 'a.b' },
      internal: true,
    });
    expect(status).toBe(400);
    expect(body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['amount', 'metric', 'reservationId']);
  });

  it('refuses calls without the internal credential', async () => {
    expect((await request('POST', `${quota.url}/internal/reservations`, { body: ask('g', 1) })).status).toBe(401);
  });
});

afterAll(() => publisher.disconnect());

describe('reservation expiry (quota process with a short TTL)', () => {
  let quota: QuotaUnderTest;

  beforeAll(async () => {
    quota = await startQuota(3311, { RESERVATION_TTL_MS: '1000' });
  });
  afterAll(async () => {
    await quota?.stop();
  });

  it('given a reservation never confirmed, when quota is killed and restarted, then the sweep still releases it after expiry', async () => {
    const group = newGroup('starter');
    knowGroups(quota, [group]);
    const held = await reserve(quota, ask(group.id, 60));
    expect(held.granted).toBe(60);
    expect((await usageOf(quota, group.id)).reserved.entities_total).toBe(60);

    await quota.app.kill('SIGKILL');
    await quota.app.restart();

    await eventually(
      async () => ((await usageOf(quota, group.id)).reserved.entities_total === 0 ? true : undefined),
      30_000,
      'the expired reservation to be released',
    );
    expect((await usageOf(quota, group.id)).usage.entities_total).toBe(0);
    expect((await reserve(quota, ask(group.id, 100))).granted).toBe(100);
  });

  it('releases a reservation early on request', async () => {
    const root = starterRoot(quota);
    const held = await reserve(quota, ask(root, 40));
    const { status, body } = await request(
      'DELETE',
      `${quota.url}/internal/reservations/${held.reservationId}?rootGroupId=${root}&metric=entities_total`,
      { internal: true },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ reservationId: held.reservationId, released: 40 });
  });
});
