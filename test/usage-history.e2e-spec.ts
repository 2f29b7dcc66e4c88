import { randomUUID } from 'node:crypto';
import { DAY_MS, TOPICS, makeEvent, nextUtcMonthStart, utcDayStart, utcMonthStart, type UsageRecordedData } from '@onescale/ontology';
import { EventPublisher, createKafka } from '@onescale/platform';
import { eventually, testEnv } from './support/env';
import { request, type JsonResponse } from './support/http';

// Usage history (SPEC §5 "Beyond the seed"), through the gateway: usage recorded on past days and in
// the past month (usage events with past timestamps, as ingest and the gateway publish them) is read
// back per day and per month from the counters' own records, with exact values.

const gateway = process.env.E2E_GATEWAY_URL!;
const platformKey = process.env.E2E_ADMIN_KEY!;

const send = (path: string): Promise<JsonResponse> =>
  request('GET', `${gateway}${path}`, { headers: { authorization: `Bearer ${platformKey}` } });

describe('usage history, through the gateway', () => {
  const now = Date.now();
  const today = utcDayStart(now);
  const twoDaysAgo = today - 2 * DAY_MS;
  const yesterday = today - DAY_MS;
  const lastMonth = utcMonthStart(utcMonthStart(now) - 1);
  const publisher = new EventPublisher(createKafka('usage-history-e2e', testEnv.brokers), 'ingest');
  let groupId: string;

  const usage = (timestamp: number, data: UsageRecordedData) =>
    makeEvent('usage_recorded', { id: randomUUID(), groupId, rootGroupId: groupId, timestamp }, data);
  const history = async (query: string) => {
    // With the platform key, which is not metered: the api calls counted are exactly those published here.
    const response = await send(`/v1/groups/${groupId}/usage/history?${query}`);
    if (response.status !== 200) throw new Error(`history answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };

  beforeAll(async () => {
    const created = await request('POST', `${gateway}/v1/groups`, {
      headers: { authorization: `Bearer ${platformKey}` },
      body: { name: `History ${now}`, type: 'community', plan: 'pro' },
    });
    groupId = created.body.group.id;
    // In order, as they would have been recorded: 5 entities two days ago, +3 and −1 yesterday, +2 now;
    // 40 api calls on the 10th of last month and 6 today.
    await publisher.publish(TOPICS.usage, [
      usage(twoDaysAgo + 3_600_000, { metric: 'entities_total', amount: 5 }),
      usage(yesterday + 3_600_000, { metric: 'entities_total', amount: 3 }),
      usage(yesterday + 7_200_000, { metric: 'entities_total', amount: -1 }),
      usage(now - 1000, { metric: 'entities_total', amount: 2 }),
      usage(lastMonth + 9 * DAY_MS + 3_600_000, { metric: 'api_calls_per_month', amount: 40, periodStart: lastMonth }),
      usage(now - 1000, { metric: 'api_calls_per_month', amount: 6, periodStart: utcMonthStart(now) }),
    ]);
  });
  afterAll(() => publisher.disconnect());

  it('answers a gauge per day: its level at each day’s end, and now for today', async () => {
    const body = await eventually(async () => {
      const h = await history(`metric=entities_total&granularity=day&from=${twoDaysAgo - DAY_MS}`);
      return h.items.at(-1)?.value === 9 ? h : undefined;
    });
    expect(body).toEqual({
      metric: 'entities_total',
      granularity: 'day',
      items: [
        { periodStart: twoDaysAgo - DAY_MS, value: 0 },
        { periodStart: twoDaysAgo, value: 5 },
        { periodStart: yesterday, value: 7 },
        { periodStart: today, value: 9 },
      ],
    });
  });

  it('answers a gauge per month: its level at each month’s end', async () => {
    const body = await history(`metric=entities_total&granularity=month&from=${lastMonth}`);
    // Two days ago may fall in last month: then last month ends at the level it had then.
    const lastMonthEnd = nextUtcMonthStart(lastMonth);
    const endOfLastMonth = yesterday < lastMonthEnd ? 7 : twoDaysAgo < lastMonthEnd ? 5 : 0;
    expect(body.items).toEqual([
      { periodStart: lastMonth, value: endOfLastMonth },
      { periodStart: utcMonthStart(now), value: 9 },
    ]);
  });

  it('answers api calls per month and per day, counted within each period', async () => {
    const months = await eventually(async () => {
      const h = await history(`metric=api_calls_per_month&granularity=month&from=${lastMonth}`);
      return h.items.at(-1)?.value === 6 ? h : undefined;
    });
    expect(months.items).toEqual([
      { periodStart: lastMonth, value: 40 },
      { periodStart: utcMonthStart(now), value: 6 },
    ]);
    const today6 = await history(`metric=api_calls_per_month&granularity=day&from=${today}`);
    expect(today6.items).toEqual([{ periodStart: today, value: 6 }]);
    const days = await history(`metric=api_calls_per_month&granularity=day&from=${lastMonth + 8 * DAY_MS}&to=${lastMonth + 10 * DAY_MS}`);
    expect(days.items).toEqual([
      { periodStart: lastMonth + 8 * DAY_MS, value: 0 },
      { periodStart: lastMonth + 9 * DAY_MS, value: 40 },
      { periodStart: lastMonth + 10 * DAY_MS, value: 0 },
    ]);
  });

  it('refuses a range past its limit or an unknown metric with 400 naming the field', async () => {
    const tooLong = await send(`/v1/groups/${groupId}/usage/history?metric=users&granularity=day&from=${now - 400 * DAY_MS}`);
    expect({ status: tooLong.status, code: tooLong.body.code, errors: tooLong.body.errors }).toEqual({
      status: 400,
      code: 'range_too_large',
      errors: [{ path: 'from', message: expect.stringContaining('366') }],
    });
    const unknown = await send(`/v1/groups/${groupId}/usage/history?metric=widgets`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].path).toBe('metric');
  });
});
