import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { TOPICS, decodeEnvelope, isType, utcMonthStart, type EventEnvelope } from '@onescale/ontology';
import { createKafka } from '@onescale/platform';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { TEST_ADMIN_KEY, bearer, startGateway, type GatewayHarness } from '../testing/gateway-harness';

const run = randomUUID().slice(0, 8);
const NEXT_MONTH = Date.UTC(2100, 0, 1);

/** Reads the usage topic from its current end: only what this test makes the gateway publish. */
async function usageFromNow(kafka: Kafka): Promise<{ consumer: Consumer; records: EventEnvelope[] }> {
  const groupId = `gateway-it.${run}`;
  const admin = kafka.admin();
  await admin.connect();
  const ends = await admin.fetchTopicOffsets(TOPICS.usage.name);
  await admin.setOffsets({ groupId, topic: TOPICS.usage.name, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
  await admin.disconnect();
  const records: EventEnvelope[] = [];
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.usage.name });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const decoded = decodeEnvelope(message.value);
      if (decoded.ok && decoded.value.rootGroupId.endsWith(run)) records.push(decoded.value);
    },
  });
  return { consumer, records };
}

describe('api-call metering', () => {
  const kafka = createKafka('gateway-metering-it', testEnv.brokers);
  let gateway: GatewayHarness;
  let usage: { consumer: Consumer; records: EventEnvelope[] };
  const keyFor = async (groupId: string): Promise<string> => {
    gateway.stub.addGroup(groupId);
    const issued = await request('POST', `${gateway.url}/v1/groups/${groupId}/api-keys`, {
      headers: bearer(TEST_ADMIN_KEY),
      body: { role: 'admin' },
    });
    return issued.body.key;
  };
  const get = (groupId: string, key: string) => request('GET', `${gateway.url}/v1/groups/${groupId}/metrics`, { headers: bearer(key) });
  const amountFor = (root: string) =>
    usage.records.filter((r) => r.rootGroupId === root).reduce((sum, r) => sum + (isType(r, 'usage_recorded') ? r.data.amount : 0), 0);

  beforeAll(async () => {
    usage = await usageFromNow(kafka);
    gateway = await startGateway(3603, 'onescale_gateway_it_metering', { METERING_FLUSH_MS: '500' });
  });
  afterAll(async () => {
    await gateway?.stop();
    await usage?.consumer.disconnect();
  });

  it('publishes api calls per root group in batches, not one record per request', async () => {
    const root = `busy-${run}`;
    const key = await keyFor(root);
    gateway.stub.apiCalls.set(root, { used: 0, limit: 100_000, resetAt: NEXT_MONTH });
    const responses = await Promise.all(Array.from({ length: 60 }, () => get(root, key)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    await eventually(() => (amountFor(root) >= 60 ? true : undefined), 20000, '60 api calls on the usage topic');
    const records = usage.records.filter((r) => r.rootGroupId === root);
    expect(amountFor(root)).toBe(60);
    expect(records.length).toBeLessThan(60);
    expect(records[0]).toMatchObject({
      type: 'usage_recorded',
      groupId: root,
      data: { metric: 'api_calls_per_month', periodStart: utcMonthStart(Date.now()) },
    });
  });

  it('does not meter the platform admin key', async () => {
    // given 3 platform calls, then 1 call with the group's own key
    const root = `platform-only-${run}`;
    const key = await keyFor(root);
    for (let i = 0; i < 3; i++) expect((await get(root, TEST_ADMIN_KEY)).status).toBe(200);
    expect((await get(root, key)).status).toBe(200);
    // then the record that carries the group key's call carries nothing else
    await eventually(() => (amountFor(root) > 0 ? true : undefined), 20000, 'the group key call on the usage topic');
    expect(amountFor(root)).toBe(1);
  });

  it('reports the quota in headers and refuses calls past the monthly limit with 429', async () => {
    const root = `near-limit-${run}`;
    const key = await keyFor(root);
    gateway.stub.apiCalls.set(root, { used: 997, limit: 1000, resetAt: NEXT_MONTH });
    const remaining: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const response = await get(root, key);
      expect(response.status).toBe(200);
      expect(response.headers.get('x-quota-limit')).toBe('1000');
      expect(response.headers.get('x-quota-reset')).toBe(String(NEXT_MONTH));
      remaining.push(response.headers.get('x-quota-remaining'));
    }
    expect(remaining).toEqual(['2', '1', '0']);
    const refused = await get(root, key);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: 'quota_exceeded', metric: 'api_calls_per_month', limit: 1000 });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await eventually(() => (amountFor(root) === 3 ? true : undefined), 20000, 'the 3 admitted calls on the usage topic');
  });

  it('reads quota again after a counter reset through the gateway', async () => {
    const root = `reset-${run}`;
    const key = await keyFor(root);
    gateway.stub.apiCalls.set(root, { used: 1000, limit: 1000, resetAt: NEXT_MONTH });
    expect((await get(root, key)).status).toBe(429);
    gateway.stub.apiCalls.set(root, { used: 0, limit: 1000, resetAt: NEXT_MONTH });
    const reset = await request('POST', `${gateway.url}/v1/groups/${root}/quotas/reset`, {
      headers: bearer(TEST_ADMIN_KEY),
      body: { metric: 'api_calls_per_month' },
    });
    expect(reset.status).toBe(200);
    const after = await get(root, key);
    expect(after.status).toBe(200);
    expect(after.headers.get('x-quota-remaining')).toBe('999');
  });

  it('says unlimited for unlimited plans, and admits calls while quota cannot tell', async () => {
    const unlimited = `unlimited-${run}`;
    const unlimitedKey = await keyFor(unlimited);
    gateway.stub.apiCalls.set(unlimited, { used: 12_345_678, limit: null, resetAt: NEXT_MONTH });
    const response = await get(unlimited, unlimitedKey);
    expect([response.headers.get('x-quota-limit'), response.headers.get('x-quota-remaining')]).toEqual(['unlimited', 'unlimited']);
    const unknown = `unknown-to-quota-${run}`;
    const unknownKey = await keyFor(unknown);
    const admitted = await get(unknown, unknownKey);
    expect(admitted.status).toBe(200);
    expect(admitted.headers.get('x-quota-limit')).toBeNull();
  });

  it('flushes what it counted when it shuts down', async () => {
    const root = `shutdown-${run}`;
    const key = await keyFor(root);
    gateway.stub.apiCalls.set(root, { used: 0, limit: 1000, resetAt: NEXT_MONTH });
    const second = await startGateway(3605, 'onescale_gateway_it_metering', { METERING_FLUSH_MS: '60000' });
    try {
      second.stub.addGroup(root);
      second.stub.apiCalls.set(root, { used: 0, limit: 1000, resetAt: NEXT_MONTH });
      for (let i = 0; i < 4; i++)
        expect((await request('GET', `${second.url}/v1/groups/${root}/metrics`, { headers: bearer(key) })).status).toBe(200);
    } finally {
      await second.stop();
    }
    await eventually(() => (amountFor(root) === 4 ? true : undefined), 20000, 'the 4 calls flushed at shutdown');
  });
});
