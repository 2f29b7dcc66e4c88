import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { TOPICS, utcMonthStart } from '@onescale/ontology';
import { connectMongo } from '@onescale/platform';
import { startAppProcess, TEST_INTERNAL_TOKEN, type AppProcess } from '../../../../test/support/app-process';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { counterReaches, publisher, startQuota, usage, usageOf, type QuotaUnderTest } from '../testing/quota-harness';

const GAUGES = ['entities_total', 'users', 'connections_total', 'storage_bytes'] as const;

/** Runs the compiled audit (what `npm run audit -- quota` runs) against this test's quota database. */
const runAudit = (quota: QuotaUnderTest, ingestUrl: string, roots: string[]) =>
  spawnSync(process.execPath, [path.resolve(__dirname, '../../../../dist/apps/quota/src/audit.js'), ...roots], {
    encoding: 'utf8',
    env: {
      ...process.env,
      MONGODB_URI: testEnv.mongoUri,
      MONGODB_DB: quota.db,
      INGEST_URL: ingestUrl,
      INTERNAL_TOKEN: process.env.INTERNAL_TOKEN ?? TEST_INTERNAL_TOKEN,
      AUDIT_ATTEMPTS: '2',
    },
  });

describe('drift audit against the real ingest (quota and ingest processes, real Kafka and FerretDB)', () => {
  let quota: QuotaUnderTest;
  let ingest: AppProcess;
  const ingestDb = `onescale_ingest_qa${Date.now()}`;

  beforeAll(async () => {
    quota = await startQuota(3340, { INGEST_URL: 'http://127.0.0.1:3341' });
    ingest = await startAppProcess('ingest', {
      port: 3341,
      env: { QUOTA_URL: quota.url, MONGODB_DB: ingestDb, RELAY_INTERVAL_MS: '300', RELAY_AGE_MS: '1000' },
    });
  });
  afterAll(async () => {
    await ingest?.kill('SIGTERM');
    await quota?.stop();
    const connection = await connectMongo(testEnv.mongoUri, ingestDb);
    await connection.dropDatabase().finally(() => connection.close());
    await publisher.disconnect();
  });

  it('given writes and a delete through ingest, the counters equal ingest’s recount and the audit passes; a stray usage event is reported as drift', async () => {
    const created = await request('POST', `${ingest.url}/v1/groups`, {
      internal: true,
      body: { name: 'Audit group', type: 'friend_circle' },
    });
    expect(created.status).toBe(201);
    const group = created.body.group as { id: string };
    const things = await request('POST', `${ingest.url}/v1/groups/${group.id}/things/batch`, {
      internal: true,
      body: {
        things: [
          { type: 'creator', name: 'Ada' },
          { type: 'creator', name: 'Grace' },
          ...Array.from({ length: 10 }, (_, i) => ({ type: 'blog_post', name: `post ${i}`, properties: { words: i * 100 } })),
        ],
      },
    });
    expect(things.body.summary).toMatchObject({ success: 12 });
    const [ada, , first, second] = things.body.created as string[];
    const links = await request('POST', `${ingest.url}/v1/groups/${group.id}/connections/batch`, {
      internal: true,
      body: {
        connections: [
          { fromThingId: ada, toThingId: first, relationshipType: 'authored' },
          { fromThingId: ada, toThingId: second, relationshipType: 'authored' },
        ],
      },
    });
    expect(links.body.summary).toMatchObject({ success: 2 });
    expect((await request('DELETE', `${ingest.url}/v1/groups/${group.id}/things/${second}`, { internal: true })).status).toBeLessThan(300);

    const recount = (await request('GET', `${ingest.url}/internal/groups/${group.id}/counts`, { internal: true })).body;
    expect(recount).toMatchObject({ entities_total: 11, users: 2 });
    await eventually(
      async () => {
        const { usage: counters } = await usageOf(quota, group.id);
        return GAUGES.every((m) => counters[m] === recount[m]) ? true : undefined;
      },
      30_000,
      'quota’s counters to equal ingest’s recount',
    );

    const clean = runAudit(quota, ingest.url, [group.id]);
    expect(clean.stdout).toContain('1 root group(s) checked, 0 drifting counter(s)');
    expect(clean.status).toBe(0);

    await publisher.publish(TOPICS.usage, [usage(group.id, 'entities_total', 1)]);
    await counterReaches(quota, group.id, 'entities_total', 12);
    const drifted = runAudit(quota, ingest.url, [group.id]);
    expect(drifted.stdout).toContain(`DRIFT ${group.id} entities_total: counter 12, recount 11`);
    expect(drifted.stdout).toContain("0 counter(s) over their root's limit");
    expect(drifted.status).toBe(1);

    // Past the starter plan's 1,000 api calls: a counter no admission should have let through.
    await publisher.publish(TOPICS.usage, [usage(group.id, 'api_calls_per_month', 1500, { periodStart: utcMonthStart(Date.now()) })]);
    await counterReaches(quota, group.id, 'api_calls_per_month', 1500);
    const over = runAudit(quota, ingest.url, [group.id]);
    expect(over.stdout).toContain(`OVER LIMIT ${group.id} api_calls_per_month: counter 1500, limit 1000 (starter)`);
    expect(over.stdout).toContain("1 counter(s) over their root's limit");
    expect(over.status).toBe(1);
  });
});
