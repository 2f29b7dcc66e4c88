import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Shared helpers for benchmarks: timing, percentiles, peak memory, tables and JSON results. */

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface LatencySummary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly mean: number;
}

export function summarize(samples: readonly number[]): LatencySummary {
  const mean = samples.reduce((a, b) => a + b, 0) / Math.max(1, samples.length);
  return { count: samples.length, p50: percentile(samples, 50), p99: percentile(samples, 99), mean };
}

/** Runs `fn` `count` times with `concurrency` callers and returns per-call latencies (ms) and the rate. */
export async function measure(
  count: number,
  concurrency: number,
  fn: (i: number) => Promise<unknown>,
): Promise<LatencySummary & { perSecond: number }> {
  const samples: number[] = [];
  let next = 0;
  const started = now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const i = next++;
        if (i >= count) return;
        const t0 = now();
        await fn(i);
        samples.push(now() - t0);
      }
    }),
  );
  const elapsed = now() - started;
  return { ...summarize(samples), perSecond: (count / elapsed) * 1000 };
}

/** Peak resident set size of this process (VmHWM) in MB; of another process when a pid is given. */
export function peakRssMb(pid: number | string = 'self'): number {
  try {
    const status = require('node:fs').readFileSync(`/proc/${pid}/status`, 'utf8') as string;
    const match = /VmHWM:\s+(\d+)/.exec(status);
    return match ? Math.round(Number(match[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

export const fmt = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

export function printTable(title: string, rows: ReadonlyArray<Record<string, string | number>>): void {
  console.log(`\n${title}`);
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const widths = columns.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(columns));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const row of rows) console.log(line(columns.map((c) => String(row[c]))));
}

export function writeResults(name: string, results: unknown): void {
  const dir = path.resolve(__dirname, '..', '..', 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify({ name, at: new Date().toISOString(), results }, null, 2));
}
