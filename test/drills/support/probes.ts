import { setTimeout as sleep } from 'node:timers/promises';
import { MongoClient } from 'mongodb';
import { INTERNAL_HEADERS, TOPICS } from '@onescale/ontology';
import type { DrillSystem } from './drill-system';
import { consumerLags } from './kafka-log';

/**
 * What the drills read to count: the internal apps' own routes (with the internal credential, so a
 * read is never metered as an api call), the ingest outbox, and consumer lag.
 */
export async function internalGet<T = any>(
  system: DrillSystem,
  app: 'metrics' | 'quota' | 'archiver' | 'ingest',
  path: string,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${system.urls[app]}${path}`, {
    headers: {
      [INTERNAL_HEADERS.token]: system.internalToken,
      [INTERNAL_HEADERS.callerGroupId]: 'platform',
      [INTERNAL_HEADERS.role]: 'admin',
      [INTERNAL_HEADERS.keyId]: 'drill',
    },
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

/** Polls until `probe` answers a value (not undefined); fails naming `what` and the last value seen. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 180000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = (error as Error).message;
    }
    if (Date.now() > deadline)
      throw new Error(`${what}: not reached within ${timeoutMs / 1000} s${last === undefined ? '' : ` (last: ${String(last)})`}`);
    await sleep(500);
  }
}

/** The group's computed figures from the metrics app (`_computed` of getGroupMetrics), or null before it knows the group. */
export async function groupMetrics(system: DrillSystem, groupId: string): Promise<Record<string, number> | null> {
  const reply = await internalGet(system, 'metrics', `/v1/groups/${groupId}/metrics`);
  return reply.status === 200 ? (reply.body._computed as Record<string, number>) : null;
}

/** Current usage per metric from the quota app (`quotas.<metric>.current`). */
export async function quotaUsage(system: DrillSystem, groupId: string): Promise<Record<string, number> | null> {
  const reply = await internalGet(system, 'quota', `/v1/groups/${groupId}/quotas`);
  if (reply.status !== 200) return null;
  return Object.fromEntries(
    Object.entries(reply.body.quotas as Record<string, { current: number }>).map(([metric, s]) => [metric, s.current]),
  );
}

export async function withMongo<T>(fn: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(process.env.MONGODB_URI!, { directConnection: true, serverSelectionTimeoutMS: 5000 });
  try {
    await client.connect();
    return await fn(client);
  } finally {
    await client.close();
  }
}

/** Outbox records ingest has not closed yet (a request in flight, a crash, or an outage the relay will finish). */
export const openOutbox = (): Promise<number> => withMongo((c) => c.db('onescale_ingest').collection('batches').countDocuments({}));

/**
 * Quiet: no outbox record open and every consumer group at the end of both topics, twice in a row a
 * second apart. After this nothing more can arrive, so a count that is right now stays right.
 */
export async function waitSettled(timeoutMs = 240000): Promise<void> {
  let quietSince: number | null = null;
  await waitFor(
    'the system to settle (outbox empty, consumer lag 0)',
    async () => {
      const open = await openOutbox();
      const lags = await consumerLags([TOPICS.events.name, TOPICS.usage.name]);
      const behind = [...lags].filter(([, lag]) => lag > 0);
      if (open > 0 || behind.length > 0) {
        quietSince = null;
        throw new Error(`${open} outbox record(s) open; behind: ${behind.map(([g, l]) => `${g}=${l}`).join(', ') || 'none'}`);
      }
      quietSince ??= Date.now();
      return Date.now() - quietSince >= 1000 ? true : undefined;
    },
    timeoutMs,
  );
}

/**
 * Waits until a count read from the system reaches `expected` (it may then be checked for equality);
 * on timeout the message carries the last count seen (or why none could be read).
 */
export async function waitForCount(
  what: string,
  read: () => Promise<number | null | undefined>,
  expected: number,
  timeoutMs = 180000,
): Promise<number> {
  return waitFor(
    `${what} to reach ${expected}`,
    async () => {
      const value = await read();
      if (value === null || value === undefined) throw new Error('no figure yet');
      if (value < expected) throw new Error(`${value}`);
      return value;
    },
    timeoutMs,
  );
}
