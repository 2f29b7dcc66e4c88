import { startWebhookReceiver, type Received, type WebhookReceiver } from '../support/webhook-receiver';
import { seededRandom, sleep } from './support/chaos';
import { startDrillSystem, type DrillSystem } from './support/drill-system';
import { GatewayClient, createGroup } from './support/gateway-client';
import { DrillReport } from './support/report';

/**
 * SPEC §5 "a notification is never lost by a crash": while quota threshold crossings are raised for
 * a dozen groups, the notifier is killed with SIGKILL twice (once with deliveries in flight and the
 * consumer mid-stream, once again after its restart) and restarted. Every crossing reaches both of
 * its group's endpoints; a notification sent more than once always carries the same id and body.
 */
const GROUPS = 12;
const ENDPOINTS = ['a', 'b'] as const;
/** Usage steps of each group (starter plan: 5 users, 100 entities) and the levels they cross. */
const STEPS = [
  { metric: 'users', amount: 4 },
  { metric: 'users', amount: 1 },
  { metric: 'entities_total', amount: 80 },
  { metric: 'entities_total', amount: 15 },
  { metric: 'entities_total', amount: 5 },
] as const;
const LEVELS = ['warning', 'critical', 'exceeded'] as const;
const EXPECTED = GROUPS * ENDPOINTS.length * 2 * LEVELS.length;

describe('drill: SIGKILL the notifier during deliveries', () => {
  const report = new DrillReport('notifier-crash');
  const random = seededRandom();
  let system: DrillSystem;
  let receiver: WebhookReceiver;
  let platform: GatewayClient;
  const groups: Array<{ groupId: string; client: GatewayClient }> = [];

  beforeAll(async () => {
    // Shorter waits only: first retry after 0.25-0.5 s, a silent receiver given up after 2 s.
    system = await startDrillSystem('notifier-crash', { RETRY_BASE_MS: '500', DELIVERY_TIMEOUT_MS: '2000' });
    // Every third delivery's first attempt fails; each answer takes 50 ms, so attempts are in flight.
    receiver = await startWebhookReceiver((id, seenBefore) => (seenBefore === 0 && parseInt(id.slice(-2), 16) % 3 === 0 ? 500 : 200), 50);
    platform = new GatewayClient(system.urls.gateway, system.adminKey);
    for (let i = 0; i < GROUPS; i++) {
      const { groupId, client } = await createGroup(system.urls.gateway, system.adminKey, `drill-notify-${i}`, 'friend_circle');
      for (const name of ENDPOINTS) {
        const path = `/g${i}/${name}`;
        const hook = await client.call('POST', `/v1/groups/${groupId}/webhooks`, {
          url: receiver.url(path),
          events: ['quota_threshold_crossed'],
        });
        expect(hook.status).toBe(201);
        receiver.secretFor(path, hook.body.secret);
      }
      groups.push({ groupId, client });
    }
    report.note(`${GROUPS} groups with ${ENDPOINTS.length} endpoints each; seed ${random.seed}`);
  });

  afterAll(async () => {
    await system?.stop();
    await receiver?.close();
  });

  const raise = async (from: number, to: number): Promise<void> => {
    for (let i = from; i < to; i++) {
      for (const step of STEPS) {
        const answer = await platform.untilOk(
          'POST',
          `/v1/groups/${groups[i]!.groupId}/usage`,
          step,
          `usage-${i}-${step.metric}-${step.amount}`,
        );
        expect(answer.status).toBe(200);
      }
    }
  };

  const crash = async (what: string): Promise<void> => {
    const pid = system.pid('notifier');
    await system.kill('notifier', 'SIGKILL');
    report.inject(`SIGKILL notifier (pid ${pid}) ${what}; ${distinctIds(receiver.received)} notifications received so far`);
  };

  it('delivers every threshold crossing to every endpoint, duplicates with the same id', async () => {
    const t0 = Date.now();
    const first = raise(0, 6);
    // Kill once deliveries flow, while crossings are still being raised.
    while (distinctIds(receiver.received) < 12) await sleep(20);
    await crash('with deliveries in flight and crossings still being raised');
    await first;
    await raise(6, 9);
    report.note('3 more groups crossed their thresholds while the notifier was down');
    await system.start('notifier');
    report.inject('notifier restarted');
    const second = raise(9, GROUPS);
    await sleep(random.between(200, 1000));
    await crash('again, soon after its restart');
    await second;
    await system.start('notifier');
    report.inject('notifier restarted');

    const deadline = Date.now() + 120_000;
    while (expectedSeen(receiver.received) < EXPECTED && Date.now() < deadline) await sleep(200);
    // Leave time for late copies (an expired lease, a retry) to arrive and be counted.
    await sleep(3_000);
    report.note(`all delivered ${((Date.now() - t0) / 1000).toFixed(1)} s after the first crossing`);

    const delivered = receiver.received.filter((r) => r.answered === 200);
    report.check('notifications delivered (endpoint, metric, level)', expectedSeen(delivered), EXPECTED);
    report.check('distinct delivery ids', distinctIds(receiver.received), EXPECTED);
    report.check('requests with a bad signature', receiver.received.filter((r) => !r.signatureValid).length, 0);
    report.check('notifications that came with two ids', notificationsWithManyIds(receiver.received), 0);
    report.check('ids whose copies differ in body', idsWithDifferentBodies(receiver.received), 0);
    const copies = delivered.length - distinctIds(delivered);
    report.note(
      `${receiver.received.length} requests: ${copies} extra successful copies (crash redeliveries), ${receiver.received.length - delivered.length} answered 500`,
    );

    let logged = 0;
    for (const { groupId, client } of groups) {
      const hooks = (await client.call('GET', `/v1/groups/${groupId}/webhooks`)).body.items as Array<{ id: string }>;
      for (const hook of hooks) {
        const log = await client.call('GET', `/v1/groups/${groupId}/webhooks/${hook.id}/deliveries`);
        logged += (log.body.items as Array<{ status: string }>).filter((d) => d.status === 'delivered').length;
      }
    }
    report.check('deliveries logged as delivered', logged, EXPECTED);
  });
});

const keyOf = (r: Received): string => `${r.path}|${r.body?.data?.metric}|${r.body?.data?.level}`;

const distinctIds = (received: readonly Received[]): number => new Set(received.map((r) => r.body?.id)).size;

/** Distinct (endpoint, metric, level) seen: what must arrive once or more. */
const expectedSeen = (received: readonly Received[]): number => new Set(received.map(keyOf)).size;

const notificationsWithManyIds = (received: readonly Received[]): number => {
  const ids = new Map<string, Set<string>>();
  for (const r of received) ids.set(keyOf(r), (ids.get(keyOf(r)) ?? new Set()).add(r.body?.id));
  return [...ids.values()].filter((s) => s.size > 1).length;
};

const idsWithDifferentBodies = (received: readonly Received[]): number => {
  const bodies = new Map<string, Set<string>>();
  for (const r of received) bodies.set(r.body?.id, (bodies.get(r.body?.id) ?? new Set()).add(r.raw));
  return [...bodies.values()].filter((s) => s.size > 1).length;
};
