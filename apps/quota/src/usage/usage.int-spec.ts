import { randomUUID } from 'node:crypto';
import { TOPICS, decodeEnvelope, isType, type EventOf } from '@onescale/ontology';
import { eventually } from '../../../../test/support/env';
import {
  knowGroups,
  counterReaches,
  kafka,
  newGroup,
  publisher,
  setGroupOffsets,
  startQuota,
  topicEnds,
  usage,
  usageOf,
  type QuotaUnderTest,
} from '../testing/quota-harness';

/** Collects the quota alerts of some root groups from the events topic, from its current end on. */
async function watchAlerts(
  roots: Set<string>,
): Promise<{ alerts: Array<EventOf<'quota_threshold_crossed'>>; caughtUp: () => Promise<void>; stop: () => Promise<void> }> {
  const groupId = `quota-test-alerts.${randomUUID()}`;
  const start = await topicEnds(TOPICS.events.name);
  await setGroupOffsets(groupId, TOPICS.events.name, start);
  const alerts: Array<EventOf<'quota_threshold_crossed'>> = [];
  const consumer = kafka.consumer({ groupId });
  const seen = new Map<number, number>(start.map((p) => [p.partition, Number(p.offset) - 1]));
  await consumer.connect();
  await consumer.subscribe({ topic: TOPICS.events.name });
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.set(partition, Number(message.offset));
      const decoded = decodeEnvelope(message.value);
      if (decoded.ok && isType(decoded.value, 'quota_threshold_crossed') && roots.has(decoded.value.rootGroupId))
        alerts.push(decoded.value);
    },
  });
  /** Waits until everything on the topic now has been read. */
  const caughtUp = async (): Promise<void> => {
    const ends = await topicEnds(TOPICS.events.name);
    await eventually(
      () => (ends.every((e) => (seen.get(e.partition) ?? -1) >= Number(e.offset) - 1) ? true : undefined),
      30_000,
      'the alert watcher to catch up',
    );
  };
  return { alerts, caughtUp, stop: () => consumer.disconnect() };
}

describe('usage consumption (quota process, real Kafka and FerretDB)', () => {
  let quota: QuotaUnderTest;

  beforeAll(async () => {
    quota = await startQuota(3320);
  });
  afterAll(async () => {
    await quota?.stop();
    await publisher.disconnect();
  });

  it('given the same envelopes published twice, and then the whole topic replayed after a restart, the usage is counted once', async () => {
    const root = `u-${randomUUID()}`;
    const events = [
      usage(root, 'entities_total', 5),
      usage(root, 'entities_total', 7),
      usage(root, 'users', 2),
      usage(root, 'entities_total', -3),
    ];
    await publisher.publish(TOPICS.usage, events);
    await publisher.publish(TOPICS.usage, events);
    const sentinel = usage(root, 'connections_total', 1);
    await publisher.publish(TOPICS.usage, [sentinel]);
    await counterReaches(quota, root, 'connections_total', 1);
    expect((await usageOf(quota, root)).usage).toMatchObject({ entities_total: 9, users: 2 });

    await quota.app.kill('SIGTERM');
    await setGroupOffsets(quota.usageGroup, TOPICS.usage.name, quota.usageStart);
    await quota.app.restart();
    const after = usage(root, 'connections_total', 1);
    await publisher.publish(TOPICS.usage, [after]);
    await counterReaches(quota, root, 'connections_total', 2);
    expect((await usageOf(quota, root)).usage).toMatchObject({ entities_total: 9, users: 2, connections_total: 2 });
  });

  it('given copies of a usage record that carry more of it, each counts only what it adds, also after a replay', async () => {
    const root = `m-${randomUUID()}`;
    const more = (event: EventOf<'usage_recorded'>, amount: number) => ({ ...event, data: { ...event.data, amount } });
    // A record closed by the relay with none of its rows, then published whole by the retried request.
    const none = usage(root, 'entities_total', 0);
    // Part, whole, then a late copy of the part: the whole once.
    const part = usage(root, 'users', 100);
    // Whole first, then a copy with less: the whole once.
    const whole = usage(root, 'storage_bytes', 250);
    await publisher.publish(TOPICS.usage, [none, part, whole]);
    await publisher.publish(TOPICS.usage, [more(none, 250), more(part, 250), more(whole, 100)]);
    await publisher.publish(TOPICS.usage, [part]);
    await publisher.publish(TOPICS.usage, [usage(root, 'connections_total', 1)]);
    await counterReaches(quota, root, 'connections_total', 1);
    const want = { entities_total: 250, users: 250, storage_bytes: 250 };
    expect((await usageOf(quota, root)).usage).toMatchObject(want);

    await quota.app.kill('SIGTERM');
    await setGroupOffsets(quota.usageGroup, TOPICS.usage.name, quota.usageStart);
    await quota.app.restart();
    await publisher.publish(TOPICS.usage, [usage(root, 'connections_total', 1)]);
    await counterReaches(quota, root, 'connections_total', 2);
    expect((await usageOf(quota, root)).usage).toMatchObject(want);
  });

  it('given 2,000 usage events, when quota is killed with SIGKILL mid-stream and restarted, then the counters equal the events', async () => {
    const roots = [`k-${randomUUID()}`, `k-${randomUUID()}`, `k-${randomUUID()}`];
    const metrics = ['entities_total', 'users', 'storage_bytes'] as const;
    const expected = new Map<string, number>();
    const all = Array.from({ length: 2000 }, (_, i) => {
      const root = roots[i % roots.length]!;
      const metric = metrics[Math.floor(i / roots.length) % metrics.length]!;
      const amount = (i % 5) + 1;
      expected.set(`${root}|${metric}`, (expected.get(`${root}|${metric}`) ?? 0) + amount);
      return usage(root, metric, amount);
    });
    const total = (u: Record<string, number>) => metrics.reduce((n, m) => n + (u[m] ?? 0), 0);
    const counted = async () => {
      let n = 0;
      for (const root of roots) n += total((await usageOf(quota, root)).usage);
      return n;
    };
    for (let i = 0; i < 1000; i += 100) await publisher.publish(TOPICS.usage, all.slice(i, i + 100));
    await eventually(async () => ((await counted()) > 0 ? true : undefined), 30_000, 'some usage to be counted');
    const publishing = (async () => {
      for (let i = 1000; i < 2000; i += 100) await publisher.publish(TOPICS.usage, all.slice(i, i + 100));
    })();
    await quota.app.kill('SIGKILL');
    await publishing;
    await quota.app.restart();

    const want = [...expected.values()].reduce((a, b) => a + b, 0);
    await eventually(async () => ((await counted()) === want ? true : undefined), 60_000, `the counters to reach ${want}`);
    // Everything before a later event has been applied once that event is: nothing is counted twice.
    await publisher.publish(
      TOPICS.usage,
      roots.map((r) => usage(r, 'connections_total', 1)),
    );
    for (const root of roots) await counterReaches(quota, root, 'connections_total', 1);
    for (const root of roots) {
      const { usage: u } = await usageOf(quota, root);
      for (const metric of metrics) expect(u[metric]).toBe(expected.get(`${root}|${metric}`));
    }
  });

  it('given usage rising through 80%, 95% and 100% and beyond, each threshold alert is published exactly once', async () => {
    const group = newGroup('starter');
    knowGroups(quota, [group]);
    const watch = await watchAlerts(new Set([group.id]));
    try {
      const steps = [79, 1, 15, 4, 1, 5, -20, 20, 3];
      for (const amount of steps) {
        await publisher.publish(TOPICS.usage, [usage(group.id, 'entities_total', amount)]);
      }
      await counterReaches(quota, group.id, 'entities_total', 108);
      await eventually(() => (watch.alerts.length >= 3 ? true : undefined), 30_000, 'three alerts');

      // A replay of the whole stream (restart from the start) must not raise any of them again.
      await quota.app.kill('SIGTERM');
      await setGroupOffsets(quota.usageGroup, TOPICS.usage.name, quota.usageStart);
      await quota.app.restart();
      await publisher.publish(TOPICS.usage, [usage(group.id, 'entities_total', 1)]);
      await counterReaches(quota, group.id, 'entities_total', 109);
      await watch.caughtUp();

      const levels = watch.alerts.map((a) => a.data.level).sort();
      expect(levels).toEqual(['critical', 'exceeded', 'warning']);
      expect(watch.alerts.find((a) => a.data.level === 'warning')?.data).toMatchObject({
        metric: 'entities_total',
        limit: 100,
        current: 80,
        periodStart: 0,
      });
      expect(watch.alerts.every((a) => a.groupId === group.id && a.actorId === undefined)).toBe(true);
    } finally {
      await watch.stop();
    }
  });
});
