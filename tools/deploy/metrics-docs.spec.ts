import { readFileSync } from 'node:fs';
import path from 'node:path';
import { registeredMetrics } from './registered-metrics';

/**
 * The metric inventory in deploy/README.md is what operators read: every metric the apps register is
 * documented there, and everything documented is registered (names are the contract with dashboards
 * and alerts).
 */
const readme = readFileSync(path.resolve(__dirname, '..', '..', 'deploy', 'README.md'), 'utf8');
const documented = [...readme.matchAll(/^\| `(onescale_[a-z0-9_]+)` \| ([a-z]+)/gm)].map((m) => ({ name: m[1]!, type: m[2]! }));
const registered = registeredMetrics();

describe('the metric inventory in deploy/README.md', () => {
  it('documents every metric the apps register, with its type', () => {
    const missing = registered.filter((m) => !documented.some((d) => d.name === m.name)).map((m) => `${m.name} (${m.file})`);
    expect(missing).toEqual([]);
    for (const metric of registered)
      expect({ [metric.name]: documented.find((d) => d.name === metric.name)?.type }).toEqual({ [metric.name]: metric.type.toLowerCase() });
  });

  it('documents only metrics some app registers', () => {
    expect(documented.filter((d) => !registered.some((m) => m.name === d.name)).map((d) => d.name)).toEqual([]);
  });

  it('finds the metrics of every app in the source (the scan is live)', () => {
    const prefixes = new Set(registered.map((m) => m.name.split('_')[1]));
    expect([...prefixes].sort()).toEqual(expect.arrayContaining(['archiver', 'gateway', 'http', 'ingest', 'kafka', 'quota']));
  });
});
