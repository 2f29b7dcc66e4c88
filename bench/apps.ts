import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import path from 'node:path';
import { INTERNAL_HEADERS } from '@onescale/ontology';

/** Apps under benchmark: started from the build with an internal token, called with it. */
export const BENCH_TOKEN = 'bench-internal-token-0123456789abcdef';

const root = path.resolve(__dirname, '..', '..');
const headers = { 'content-type': 'application/json', [INTERNAL_HEADERS.token]: BENCH_TOKEN };

/** BENCH_PROFILE_DIR=<dir>: every app writes a CPU profile there when it exits (node --cpu-prof). */
const profile = process.env.BENCH_PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`] : [];

/** Starts `dist/apps/<app>`; with `log`, its output goes to that file at debug level, else nowhere. */
export function startApp(app: string, port: number, extra: Record<string, string>, log?: string): ChildProcess {
  return spawn(process.execPath, [...profile, path.join(root, 'dist', 'apps', app, 'src', 'main.js')], {
    env: { ...process.env, ...extra, PORT: String(port), INTERNAL_TOKEN: BENCH_TOKEN, LOG_LEVEL: log ? 'debug' : 'warn' },
    stdio: log ? ['ignore', openSync(log, 'a'), openSync(log, 'a')] : 'ignore',
  });
}

export async function waitReady(url: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await fetch(`${url}/ready`).then((r) => r.ok, () => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not ready`);
}

async function json(url: string, init: RequestInit): Promise<any> {
  const response = await fetch(url, { ...init, headers });
  if (!response.ok) throw new Error(`${url} answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  return response.json();
}

export const getJson = (url: string): Promise<any> => json(url, {});
/** A read with minPosition: asked again while the metrics app answers 503 `projection_behind`. */
export async function getWhenProjected(url: string): Promise<any> {
  for (;;) {
    const response = await fetch(url, { headers });
    if (response.status !== 503) return json(url, {});
    const problem = (await response.json().catch(() => ({}))) as { code?: string };
    if (problem.code !== 'projection_behind') throw new Error(`${url} answered 503 ${problem.code}`);
  }
}

export const postJson = (url: string, body: unknown): Promise<any> => json(url, { method: 'POST', body: JSON.stringify(body) });
