import { randomUUID } from 'node:crypto';
import { CONSUMER_GROUPS, TOPICS, makeEvent, type EventOf } from '@onescale/ontology';
import { EventPublisher, createKafka, ensureTopics, uuidv7 } from '@onescale/platform';
import { startAppProcess, type AppProcess } from '../../../../test/support/app-process';
import { eventually, testEnv } from '../../../../test/support/env';
import { request } from '../../../../test/support/http';
import { startWebhookReceiver, type WebhookReceiver } from '../../../../test/support/webhook-receiver';

const kafka = createKafka('notifier-test', testEnv.brokers);
const publisher = new EventPublisher(kafka, 'quota');

const crossing = (groupId: string, current: number): EventOf<'quota_threshold_crossed'> =>
  makeEvent(
    'quota_threshold_crossed',
    { id: uuidv7(), groupId, rootGroupId: groupId, timestamp: Date.now() },
    { metric: 'entities_total', level: 'warning', current, limit: 100, periodStart: 0 },
  );

/**
 * Two notifier processes on one outbox and one consumer group (as two replicas run), against real
 * Kafka and FerretDB: the lease lets only one send each attempt, and an endpoint that keeps failing
 * is disabled after DISABLE_AFTER_FAILURES attempts in a row and receives nothing more.
 */
describe('deliveries shared by two notifier processes', () => {
  const suffix = `.t${randomUUID().slice(0, 8)}`;
  const env = {
    MONGODB_DB: `onescale_notifier_t${randomUUID().slice(0, 8)}`,
    CONSUMER_GROUP_SUFFIX: suffix,
    DISABLE_AFTER_FAILURES: '3',
    RETRY_BASE_MS: '100',
    WORKER_POLL_MS: '50',
  };
  let apps: AppProcess[] = [];
  let healthy: WebhookReceiver;
  let broken: WebhookReceiver;
  const call = (method: string, path: string, body?: unknown) => request(method, `${apps[0]!.url}${path}`, { internal: true, body });

  beforeAll(async () => {
    await ensureTopics(kafka);
    // Start at the topic's end: the test's events, not the history of other tests.
    const admin = kafka.admin();
    await admin.connect();
    const ends = await admin.fetchTopicOffsets(TOPICS.events.name);
    await admin.setOffsets({
      groupId: `${CONSUMER_GROUPS.notifierDeliveries}${suffix}`,
      topic: TOPICS.events.name,
      partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })),
    });
    await admin.disconnect();
    apps = await Promise.all([3450, 3451].map((port) => startAppProcess('notifier', { port, env })));
    await publisher.connect();
    // Answers take 100 ms, so both processes have attempts in flight at once.
    healthy = await startWebhookReceiver(() => 200, 100);
    broken = await startWebhookReceiver(() => 500);
  });

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.kill('SIGTERM')));
    await publisher.disconnect();
    await healthy?.close();
    await broken?.close();
  });

  it('sends each notification once though both processes claim deliveries, and disables an endpoint that keeps failing', async () => {
    const good = `g-${randomUUID()}`;
    const bad = `b-${randomUUID()}`;
    const okHook = await call('POST', `/v1/groups/${good}/webhooks`, { url: healthy.url('/ok'), events: ['quota_threshold_crossed'] });
    const badHook = await call('POST', `/v1/groups/${bad}/webhooks`, { url: broken.url('/fail'), events: ['quota_threshold_crossed'] });
    expect([okHook.status, badHook.status]).toEqual([201, 201]);
    healthy.secretFor('/ok', okHook.body.secret);

    await publisher.publish(TOPICS.events, [crossing(bad, 80), ...Array.from({ length: 60 }, (_v, i) => crossing(good, i))]);

    await eventually(() => (new Set(healthy.received.map((r) => r.body.id)).size === 60 ? true : undefined), 60_000, '60 deliveries');
    const disabled = await eventually(
      async () => {
        const list = await call('GET', `/v1/groups/${bad}/webhooks`);
        return list.body.items[0]?.status === 'disabled' ? list.body.items[0] : undefined;
      },
      30_000,
      'the failing endpoint to be disabled',
    );
    expect(disabled).toMatchObject({ id: badHook.body.id, status: 'disabled', disabledAt: expect.any(Number) });
    const log = await eventually(
      async () => {
        const page = await call('GET', `/v1/groups/${bad}/webhooks/${badHook.body.id}/deliveries`);
        return page.body.items[0]?.status === 'failed' ? page.body : undefined;
      },
      10_000,
      'the delivery to the disabled endpoint to end failed',
    );
    // Let any stray attempt arrive before counting.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(healthy.received).toHaveLength(60);
    expect(healthy.received.every((r) => r.signatureValid && r.answered === 200)).toBe(true);
    expect(broken.received).toHaveLength(3);
    expect(log.items).toHaveLength(1);
    expect(log.items[0]).toMatchObject({ status: 'failed', attempts: 3, lastResponseStatus: 500 });
    expect(log.items[0].log.map((e: { status: number | null; error?: string }) => e.status ?? e.error)).toEqual([
      500,
      500,
      500,
      'endpoint disabled',
    ]);
    // Settled deliveries leave the queue the workers sweep: nothing waits any more.
    const pending = await fetch(`${apps[0]!.url}/metrics`).then((r) => r.text());
    expect(pending.split('\n').filter((line) => line.startsWith('onescale_notifier_pending_deliveries'))).toEqual([
      'onescale_notifier_pending_deliveries{app="notifier"} 0',
    ]);
  });
});
