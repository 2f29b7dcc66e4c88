import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { createServer, request, Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONSUMER_GROUPS, TOPICS, makeEvent, type EventOf } from '@onescale/ontology';
import { EventPublisher, createKafka, ensureTopics, uuidv7 } from '@onescale/platform';
import { postJson, startApp, startAtTopicEnds, waitReady } from './apps';
import { fmt, now, peakRssMb, printTable, summarize, writeResults } from './support';

// npm run bench -- notifier: webhook deliveries through a spawned notifier to a local receiver.
// (1) throughput: N threshold events published at once, until the receiver has every delivery, next
// to a bare HTTP POST loop of the same bodies to the same receiver at the notifier's concurrency;
// (2) latency at idle: one event at a time, from its publish (the moment quota announces a crossing)
// to its arrival at the receiver, next to one bare POST at a time. Each measured twice, alternated.

const env = process.env;
const PORT = 3395;
const URL_ = `http://127.0.0.1:${PORT}`;
const N = Number(env.NOTIFIER_BENCH_N ?? 400);
const IDLE = Number(env.NOTIFIER_BENCH_IDLE ?? 50);
const CONCURRENCY = 16;
const ROUNDS = 2;
const run = randomUUID().slice(0, 8);

/** The receiver: answers 200 at once and notes when each delivery id first arrived. */
async function receiver() {
  const arrived = new Map<string, number>();
  let waiting: { count: number; resolve: () => void } | null = null;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { id: string }).id;
      if (!arrived.has(id)) arrived.set(id, now());
      res.writeHead(200).end();
      if (waiting && arrived.size >= waiting.count) waiting.resolve();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    arrived,
    /** Resolves when `count` distinct ids have arrived. */
    until: (count: number) => (arrived.size >= count ? Promise.resolve() : new Promise<void>((resolve) => (waiting = { count, resolve }))),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const crossing = (groupId: string, i: number): EventOf<'quota_threshold_crossed'> =>
  makeEvent(
    'quota_threshold_crossed',
    { id: uuidv7(), groupId, rootGroupId: groupId, timestamp: Date.now() },
    { metric: 'entities_total', level: 'warning', current: 80 + (i % 20), limit: 100, periodStart: 0 },
  );

/** One bare POST of `body` to the receiver (keep-alive, as the notifier's requests are not). */
const bare = (agent: Agent, port: number, body: string): Promise<void> =>
  new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, method: 'POST', path: '/bare', agent, headers: { 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', resolve);
      },
    );
    req.on('error', reject);
    req.end(body);
  });

async function main(): Promise<void> {
  const kafka = createKafka('bench-notifier', env.KAFKA_BROKERS!.split(','));
  await ensureTopics(kafka);
  const suffix = `.bench.${run}`;
  await startAtTopicEnds(kafka, `${CONSUMER_GROUPS.notifierDeliveries}${suffix}`);
  const app = startApp('notifier', PORT, {
    MONGODB_DB: `bench_notifier_${run}`,
    CONSUMER_GROUP_SUFFIX: suffix,
    DELIVERY_CONCURRENCY: String(CONCURRENCY),
  });
  const sink = await receiver();
  const publisher = new EventPublisher(kafka, 'quota');
  await publisher.connect();
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const rows: Array<Record<string, string | number>> = [];
  const results: Record<string, unknown> = { n: N, idle: IDLE, concurrency: CONCURRENCY };
  try {
    await waitReady(URL_);
    const groupId = `bench-${run}`;
    await postJson(`${URL_}/v1/groups/${groupId}/webhooks`, {
      url: `http://127.0.0.1:${sink.port}/hook`,
      events: ['quota_threshold_crossed'],
    });
    const sample = JSON.stringify({
      id: uuidv7(),
      type: 'quota_threshold_crossed',
      groupId,
      createdAt: Date.now(),
      data: crossing(groupId, 0).data,
    });

    const throughput: Record<string, number[]> = { notifier: [], bare: [] };
    for (let round = 0; round < ROUNDS; round++) {
      let t0 = now();
      let done = 0;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (done < N) {
            done++;
            await bare(agent, sink.port, sample);
          }
        }),
      );
      throughput.bare!.push((N / (now() - t0)) * 1000);

      const before = sink.arrived.size;
      const events = Array.from({ length: N }, (_v, i) => crossing(groupId, i));
      t0 = now();
      for (let i = 0; i < events.length; i += 500) await publisher.publish(TOPICS.events, events.slice(i, i + 500));
      await sink.until(before + N);
      throughput.notifier!.push((N / (now() - t0)) * 1000);
    }

    const latency: Record<string, number[]> = { notifier: [], bare: [] };
    for (let i = 0; i < IDLE; i++) {
      const t0 = now();
      await bare(agent, sink.port, sample);
      latency.bare!.push(now() - t0);
      const before = sink.arrived.size;
      const t1 = now();
      await publisher.publish(TOPICS.events, [crossing(groupId, i)]);
      await sink.until(before + 1);
      latency.notifier!.push(now() - t1);
      await new Promise((r) => setTimeout(r, 20));
    }

    for (const path of ['notifier', 'bare'] as const) {
      const rates = throughput[path]!;
      const l = summarize(latency[path]!);
      rows.push({
        path: path === 'notifier' ? 'notifier: publish → signed POST delivered' : 'baseline: bare POST to the receiver',
        'items/s': `${fmt(rates.reduce((a, b) => a + b, 0) / rates.length, 0)} (${rates.map((r) => fmt(r, 0)).join(', ')})`,
        'idle p50 ms': fmt(l.p50),
        'idle p99 ms': fmt(l.p99),
      });
      results[path] = { perSecond: rates, latency: l };
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    results.ratio = mean(throughput.notifier!) / mean(throughput.bare!);
    results.notifierRssMb = app.pid === undefined ? NaN : peakRssMb(app.pid);
    printTable(`Webhook deliveries, ${N} per round × ${ROUNDS} rounds (alternated), ${IDLE} at idle`, rows);
    console.log(`\nnotifier / bare POST throughput: ${fmt(results.ratio as number, 3)}×; notifier peak RSS ${results.notifierRssMb} MB`);
    console.log(`idle p99 from publish to delivery: ${fmt(summarize(latency.notifier!).p99)} ms (target < 1000 ms)`);
    writeResults('notifier', results);
  } finally {
    app.kill('SIGTERM');
    agent.destroy();
    await publisher.disconnect();
    await sink.close();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
