import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** A Prometheus metric an app declares with prom-client, as read from the source. */
export interface RegisteredMetric {
  readonly name: string;
  readonly type: 'Counter' | 'Gauge' | 'Histogram' | 'Summary';
  readonly labelNames: readonly string[];
  readonly file: string;
}

const repoRoot = path.resolve(__dirname, '..', '..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) {
      if (entry !== 'node_modules' && entry !== 'testing') yield* sourceFiles(full);
    } else if (entry.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(entry)) yield full;
  }
}

const DECLARATION = /new (Counter|Gauge|Histogram|Summary)\s*\(\s*\{([\s\S]*?)\}\s*\)/g;

/**
 * Every `new Counter|Gauge|Histogram|Summary({ name: 'onescale_…', labelNames: […] })` in apps/ and
 * libs/ (tests and test helpers excepted): what the running apps can expose at /metrics.
 */
export function registeredMetrics(): RegisteredMetric[] {
  const found: RegisteredMetric[] = [];
  for (const root of ['apps', 'libs']) {
    for (const file of sourceFiles(path.join(repoRoot, root))) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(DECLARATION)) {
        const name = /name:\s*'(onescale_[a-z0-9_]+)'/.exec(match[2]!)?.[1];
        if (!name) continue;
        const labels = /labelNames:\s*\[([^\]]*)\]/.exec(match[2]!)?.[1] ?? '';
        found.push({
          name,
          type: match[1] as RegisteredMetric['type'],
          labelNames: [...labels.matchAll(/'([a-zA-Z_]+)'/g)].map((m) => m[1]!),
          file: path.relative(repoRoot, file),
        });
      }
    }
  }
  return found;
}

/** The series names a metric is exposed as (a histogram as _bucket, _sum and _count). */
export const seriesNames = (metric: RegisteredMetric): string[] =>
  metric.type === 'Histogram' || metric.type === 'Summary'
    ? [`${metric.name}_bucket`, `${metric.name}_sum`, `${metric.name}_count`, metric.name]
    : [metric.name];

/** Labels every series carries besides its own: `app`, set by bootHttpApp on the shared registry. */
export const DEFAULT_LABELS = ['app'] as const;
