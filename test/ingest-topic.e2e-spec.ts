import type { Producer } from 'kafkajs';
import { RECORD_TOPICS, type IngestRejection } from '@onescale/ontology';
import { createKafka } from '@onescale/platform';
import { startAppProcess, type AppProcess } from './support/app-process';
import { eventually, testEnv } from './support/env';
import { ok } from './support/gateway';
import { tapRecords, type RecordTap } from './support/kafka';

// SPEC §7: other services publish client events to onescale.ingest.v1 (CloudEvents binary mode, key =
// the group id). 1,000 records, 10 of them invalid in 10 different ways → 990 events and 10
// rejections with their codes; an ingest app is restarted between the halves and 50 records of the
// first half are published again (same CloudEvents ids): nothing is written or rejected twice.

const platformKey = process.env.E2E_ADMIN_KEY!;
const PORT = 3105; // a second ingest app beside the system's, in the same consumer group

interface OutRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

describe('the Kafka ingestion topic', () => {
  const run = Date.now().toString(36);
  let groupId: string;
  let reader: string;
  let creatorId: string;
  let producer: Producer;
  let rejections: RecordTap;
  let ingest: AppProcess;

  const ceId = (i: number) => `${run}-${i}`;
  const valid = (i: number): OutRecord => ({
    key: groupId,
    value: JSON.stringify({ type: 'revenue_generated', actorId: creatorId, metadata: { amount: 1, currency: 'USD' } }),
    headers: { ce_specversion: '1.0', ce_id: ceId(i), ce_type: 'revenue_generated', ce_source: '/billing' },
  });
  /** The 10 invalid records, by index, with the code each must be rejected with. */
  const invalid: Record<number, { record: (r: OutRecord) => OutRecord; code: string }> = {
    10: { code: 'missing_header', record: (r) => ({ ...r, headers: { ...r.headers, ce_id: '' } }) },
    50: { code: 'invalid_json', record: (r) => ({ ...r, value: '{"type": "revenue_generated", ' }) },
    100: {
      code: 'record_too_large',
      record: (r) => ({ ...r, value: JSON.stringify({ type: 'revenue_generated', metadata: { amount: 1, note: 'x'.repeat(140_000) } }) }),
    },
    200: { code: 'group_not_found', record: (r) => ({ ...r, key: '01900000-0000-7000-8000-0000000000aa' }) },
    300: { code: 'type_mismatch', record: (r) => ({ ...r, headers: { ...r.headers, ce_type: 'user_login' } }) },
    550: {
      code: 'invalid_type',
      record: (r) => ({ ...r, value: JSON.stringify({ type: 'no_such_type' }), headers: { ...r.headers, ce_type: 'no_such_type' } }),
    },
    600: {
      code: 'actor_not_found',
      record: (r) => ({ ...r, value: JSON.stringify({ type: 'revenue_generated', actorId: 'nobody', metadata: { amount: 1 } }) }),
    },
    700: {
      code: 'invalid_metadata',
      record: (r) => ({ ...r, value: JSON.stringify({ type: 'revenue_generated', metadata: { amount: -5 } }) }),
    },
    800: { code: 'unsupported_specversion', record: (r) => ({ ...r, headers: { ...r.headers, ce_specversion: '0.3' } }) },
    900: {
      code: 'platform_event_type',
      record: (r) => ({ ...r, value: JSON.stringify({ type: 'thing_created' }), headers: { ...r.headers, ce_type: 'thing_created' } }),
    },
  };
  const recordOf = (i: number): OutRecord => invalid[i]?.record(valid(i)) ?? valid(i);
  const publish = (indexes: readonly number[]) =>
    producer.send({ topic: RECORD_TOPICS.ingest.name, acks: -1, messages: indexes.map(recordOf) });
  const range = (from: number, to: number) => Array.from({ length: to - from }, (_, k) => from + k);
  const creatorEvents = async (): Promise<{ totalEvents: number; totalRevenue: number }> => {
    const stats = await ok('GET', `/v1/groups/${groupId}/creators/${creatorId}/stats`, reader);
    return { totalEvents: stats._computed.totalEvents, totalRevenue: stats._computed.totalRevenue };
  };
  const settled = async (events: number, rejected: number) => {
    await eventually(async () => ((await creatorEvents()).totalEvents >= events ? true : undefined), 90_000, `${events} events`);
    await eventually(() => (rejections.records.length >= rejected ? true : undefined), 20_000, `${rejected} rejections`);
  };

  beforeAll(async () => {
    const created = await ok('POST', '/v1/groups', platformKey, { name: `Ingestion topic ${run}`, type: 'business' });
    groupId = created.group.id;
    reader = (await ok('POST', `/v1/groups/${groupId}/api-keys`, created.apiKey.key, { role: 'reader' })).key;
    creatorId = (await ok('POST', `/v1/groups/${groupId}/things/batch`, created.apiKey.key, { things: [{ type: 'creator', name: 'Ada' }] }))
      .created[0];
    producer = createKafka(`test-ingest-${run}`, testEnv.brokers).producer();
    await producer.connect();
    rejections = await tapRecords(RECORD_TOPICS.ingestRejected.name);
    ingest = await startAppProcess('ingest', {
      port: PORT,
      env: {
        QUOTA_URL: process.env.E2E_QUOTA_URL!,
        METRICS_URL: process.env.E2E_METRICS_URL!,
        ARCHIVER_URL: process.env.E2E_ARCHIVER_URL!,
      },
    });
  });

  afterAll(async () => {
    await ingest?.kill();
    await rejections?.stop();
    await producer?.disconnect();
  });

  it('writes the first 500 records but the 5 invalid ones, which are rejected with their codes', async () => {
    await publish(range(0, 500));
    await settled(495, 5);
    expect(await creatorEvents()).toEqual({ totalEvents: 495, totalRevenue: 495 });
  });

  it('after an ingest app restarts, the second half and 50 repeated records add exactly what is new', async () => {
    await ingest.kill('SIGTERM');
    await ingest.restart();
    await publish([...range(500, 1000), ...range(400, 450)]);
    await settled(990, 10);
    // anything written or rejected twice would show up by now: the other half was done long ago
    await new Promise((r) => setTimeout(r, 3000));
    expect(await creatorEvents()).toEqual({ totalEvents: 990, totalRevenue: 990 });

    const rejected = rejections.records.map((r) => ({ ...(JSON.parse(r.value!) as IngestRejection), key: r.key }));
    const byCeId = Object.fromEntries(
      Object.entries(invalid).map(([i, { code }]) => [Number(i) === 10 ? '' : ceId(Number(i)), code] as const),
    );
    expect(rejected.map((r) => [r.ceId ?? '', r.code]).sort()).toEqual(Object.entries(byCeId).sort());
    for (const r of rejected) {
      expect(r.errors).toEqual([{ path: expect.any(String), message: expect.any(String) }]);
      expect(r.offset).toEqual(expect.any(Number));
    }
    expect(new Set(rejected.map((r) => `${r.partition}/${r.offset}`)).size).toBe(10);
    // the rejection keeps the refused record's key and headers
    const unknownGroup = rejected.find((r) => r.code === 'group_not_found')!;
    expect([unknownGroup.key, unknownGroup.groupId]).toEqual([
      '01900000-0000-7000-8000-0000000000aa',
      '01900000-0000-7000-8000-0000000000aa',
    ]);
    const mismatch = rejections.records.find((r) => r.headers.ce_id === ceId(300))!;
    expect(mismatch.headers).toMatchObject({ ce_type: 'user_login', ce_source: '/billing', ce_specversion: '1.0' });
  });
});
