import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INTERNAL_HEADERS } from '@onescale/ontology';
import { InternalClient } from '@onescale/platform';
import { ingestRecount } from './audit-source';
import { planLimits } from './over-limit';
import { audit, driftOf, type AuditSource, type GaugeCounts } from './drift';

/** A stand-in for ingest's `GET /internal/groups/:root/counts`, with the counts it should answer. */
function stubIngest(counts: Record<string, Record<string, number>>): Promise<{ url: string; server: Server; seen: string[] }> {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    seen.push(String(req.headers[INTERNAL_HEADERS.token]));
    const match = /^\/internal\/groups\/([^/]+)\/counts$/.exec(req.url ?? '');
    const found = match ? counts[decodeURIComponent(match[1]!)] : undefined;
    res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(found ?? { code: 'not_found' }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, seen })),
  );
}

const live = (entities_total: number, users = 0, connections_total = 0, storage_bytes = 0) => ({
  entities_total,
  users,
  connections_total,
  storage_bytes,
});

describe('quota audit', () => {
  let ingest: Awaited<ReturnType<typeof stubIngest>>;
  const token = 'audit-test-token-0123456789';

  beforeAll(async () => {
    ingest = await stubIngest({ even: live(10, 2, 3, 4096), drifted: live(12, 2, 3, 4096) });
  });
  afterAll(() => new Promise<void>((resolve) => ingest.server.close(() => resolve())));

  const source = (counters: Record<string, GaugeCounts>): AuditSource => ({
    roots: async () => Object.keys(counters),
    counters: async (root) => counters[root] ?? {},
    recount: ingestRecount(new InternalClient({ app: 'ingest', baseUrl: ingest.url, token })),
    limits: async () => planLimits('pro'),
  });

  it('given counters equal to the recount, when audited, then no drift is reported', async () => {
    const report = await audit(source({ even: { entities_total: 10, users: 2, connections_total: 3, storage_bytes: 4096 } }), 1);
    expect(report).toEqual({ checked: 1, drift: [], overLimit: [] });
    expect(ingest.seen.at(-1)).toBe(token);
  });

  it('given a counter that differs, when audited, then that group and metric are reported with both values', async () => {
    const report = await audit(source({ drifted: { entities_total: 10, users: 2, connections_total: 3, storage_bytes: 4096 } }), 2, 10);
    expect(report.drift).toEqual([{ rootGroupId: 'drifted', metric: 'entities_total', counter: 10, recount: 12 }]);
  });

  it('given a group ingest does not know, when its counters are not zero, then it drifts (and zeros do not)', async () => {
    const report = await audit(source({ ghost: { users: 1 }, empty: { users: 0 } }), 1);
    expect(report.drift).toEqual([{ rootGroupId: 'ghost', metric: 'users', counter: 1, recount: null }]);
  });

  it('given usage still in flight, when the counter catches up on a later attempt, then no drift is reported', async () => {
    let reads = 0;
    const catchingUp: AuditSource = {
      roots: async () => ['drifted'],
      counters: async () => ({ entities_total: ++reads >= 2 ? 12 : 10, users: 2, connections_total: 3, storage_bytes: 4096 }),
      recount: ingestRecount(new InternalClient({ app: 'ingest', baseUrl: ingest.url, token })),
      limits: async () => planLimits('pro'),
    };
    expect((await audit(catchingUp, 3, 10)).drift).toEqual([]);
  });

  it('rejects a recount that lacks a gauge', async () => {
    const partial = await stubIngest({ odd: { entities_total: 1 } });
    await expect(ingestRecount(new InternalClient({ app: 'ingest', baseUrl: partial.url, token }))('odd')).rejects.toThrow(/lack users/);
    await new Promise((r) => partial.server.close(r));
  });

  it('given a root whose counter is past its plan limit, when audited, then it is reported over limit', async () => {
    const starter: AuditSource = {
      ...source({ even: { entities_total: 10, users: 2, connections_total: 3, storage_bytes: 4096, api_calls_per_month: 1001 } }),
      limits: async () => planLimits('starter'),
    };
    expect(await audit(starter, 1)).toEqual({
      checked: 1,
      drift: [],
      overLimit: [{ rootGroupId: 'even', metric: 'api_calls_per_month', counter: 1001, limit: 1000, plan: 'starter' }],
    });
  });

  it('compares only gauges', () => {
    expect(driftOf('g', { api_calls_per_month: 5 }, live(0))).toEqual([]);
  });
});
