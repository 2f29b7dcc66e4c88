import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import type { BatchResultDto, ReadMetaDto } from '@onescale/api';
import { INTERNAL_HEADERS, TOPICS } from '@onescale/ontology';
import type { createKafka } from '@onescale/platform';

/** Apps under benchmark: started from the build with an internal token, called with it. */
export const BENCH_TOKEN = 'bench-internal-token-0123456789abcdef';

const root = path.resolve(__dirname, '..', '..');
const { nodeFlags } = require(path.join(root, 'tools', 'node-flags.js')) as { nodeFlags(app: string): string[] };
const headers = { 'content-type': 'application/json', [INTERNAL_HEADERS.token]: BENCH_TOKEN };

/** BENCH_PROFILE_DIR=<dir>: every app writes a CPU profile there when it exits (node --cpu-prof). */
const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

/** Starts `dist/apps/<app>`; with `log`, its output goes to that file at debug level, else nowhere. */
export function startApp(app: string, port: number, extra: Record<string, string>, log?: string): ChildProcess {
  return spawn(process.execPath, [...profile, ...nodeFlags(app), path.join(root, 'dist', 'apps', app, 'src', 'main.js')], {
    env: { ...process.env, ...extra, PORT: String(port), INTERNAL_TOKEN: BENCH_TOKEN, LOG_LEVEL: log ? 'debug' : 'warn' },
    stdio: log ? ['ignore', openSync(log, 'a'), openSync(log, 'a')] : 'ignore',
  });
}

export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (
      await fetch(`${url}/ready`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready`);
}

async function json<T>(url: string, init: RequestInit): Promise<T> {
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return (await response.json()) as T;
}

/** What the benchmarks read of ingest's and metrics' replies. */
export interface GroupCreated {
  readonly group: { readonly id: string };
  readonly position: number;
}
export type BatchReply = BatchResultDto;
export interface ThingsPage {
  readonly items: readonly unknown[];
  readonly _meta: ReadMetaDto;
}

/** The reply's JSON, typed by the caller (`unknown` when it is not read). */
export const getJson = <T = unknown>(url: string): Promise<T> => json<T>(url, {});
export const postJson = <T = unknown>(url: string, body: unknown): Promise<T> =>
  json<T>(url, { method: 'POST', body: JSON.stringify(body) });

/** A read with minPosition: asked again while the metrics app answers 503 `projection_behind`. */
export async function getWhenProjected<T = unknown>(url: string): Promise<T> {
  for (;;) {
    const response = await fetch(url, { headers });
    if (response.status !== 503) return json<T>(url, {});
    const problem = (await response.json().catch(() => ({}))) as { code?: string };
    if (problem.code !== 'projection_behind') throw new Error(`${url} answered 503 ${problem.code}`);
  }
}
/** Calls a route and answers its status, whatever it is (the body is read and dropped). */
export const statusOf = async (url: string, init: RequestInit = {}): Promise<number> => {
  const response = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string> | undefined) } });
  await response.arrayBuffer();
  return response.status;
};

/** Starts a consumer group at the current ends of its topics (default: events and usage), with no replay of older records. */
export async function startAtTopicEnds(
  kafka: ReturnType<typeof createKafka>,
  groupId: string,
  topics: readonly string[] = [TOPICS.events.name, TOPICS.usage.name],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    for (const topic of topics) {
      const ends = await admin.fetchTopicOffsets(topic);
      await admin.setOffsets({ groupId, topic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    }
  } finally {
    await admin.disconnect();
  }
}

/** Sum and count of each series of a histogram in an app's /metrics, keyed by the value of `label`. */
export async function histogramTotals(
  url: string,
  name: string,
  label: string,
  where: Readonly<Record<string, string>> = {},
): Promise<Map<string, { sum: number; count: number }>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const totals = new Map<string, { sum: number; count: number }>();
  for (const line of text.split('\n')) {
    const match = /^(\w+)_(sum|count)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels = Object.fromEntries([...match[3]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (Object.entries(where).some(([k, v]) => labels[k] !== v) || labels[label] === undefined) continue;
    const entry = totals.get(labels[label]) ?? { sum: 0, count: 0 };
    entry[match[2] as 'sum' | 'count'] = Number(match[4]);
    totals.set(labels[label], entry);
  }
  return totals;
}
