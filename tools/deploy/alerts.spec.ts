import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { parser } from '@prometheus-io/lezer-promql';
import { DEFAULT_LABELS, registeredMetrics, seriesNames, type RegisteredMetric } from './registered-metrics';

/**
 * deploy/prometheus/alerts.yml checked without Prometheus: its shape, every expression parsed by the
 * PromQL grammar Prometheus' own UI uses, and every metric and label an expression names is one the
 * apps register (read from their source). promtool checks the same file and runs its unit tests in
 * CI (tools/deploy/promtool.js).
 */
interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

const file = path.resolve(__dirname, '..', '..', 'deploy', 'prometheus', 'alerts.yml');
const groups = (parse(readFileSync(file, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> }).groups;
const rules = groups.flatMap((g) => g.rules);
const registered = new Map<string, RegisteredMetric>(registeredMetrics().flatMap((m) => seriesNames(m).map((n) => [n, m] as const)));

/** Metrics from outside onescale that an alert may use, and who exports them. */
const EXTERNAL: Record<string, { exporter: string; labels: readonly string[] }> = {
  kube_job_status_failed: { exporter: 'kube-state-metrics', labels: ['namespace', 'job_name'] },
  kube_cronjob_status_last_successful_time: { exporter: 'kube-state-metrics', labels: ['namespace', 'cronjob'] },
};

interface Selector {
  readonly metric: string;
  readonly labels: string[];
}

/** Parses an expression: the syntax errors, and each vector selector's metric and matched labels. */
function analyse(expr: string): { errors: string[]; selectors: Selector[] } {
  const tree = parser.parse(expr);
  const errors: string[] = [];
  const selectors: Selector[] = [];
  tree.iterate({
    enter(node) {
      if (node.type.isError) errors.push(`syntax error at ${node.from}: "${expr.slice(Math.max(0, node.from - 10), node.to + 10)}"`);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        const labels = node.node
          .getChild('LabelMatchers')
          ?.getChildren('UnquotedLabelMatcher')
          .map((m) => expr.slice(m.getChild('LabelName')!.from, m.getChild('LabelName')!.to));
        if (identifier) selectors.push({ metric: expr.slice(identifier.from, identifier.to), labels: labels ?? [] });
      }
    },
  });
  return { errors, selectors };
}

describe('deploy/prometheus/alerts.yml', () => {
  it('has uniquely named alerts, each with a severity, a summary and a description', () => {
    const names = rules.map((r) => r.alert);
    expect(new Set(names).size).toBe(names.length);
    for (const rule of rules) {
      expect(rule.alert).toMatch(/^Onescale[A-Z][A-Za-z0-9]+$/);
      expect(['critical', 'warning', 'info']).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary).toBeTruthy();
      expect(rule.annotations?.description).toBeTruthy();
      if (rule.for !== undefined) expect(rule.for).toMatch(/^\d+[smh]$/);
    }
  });

  it('covers what an operator must hear about', () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        'OnescaleConsumerLagGrowing',
        'OnescaleDeadLetters',
        'OnescaleArchivalRunFailed',
        'OnescaleArchivalNotRun',
        'OnescaleQuotaWarning',
        'OnescaleSlowComputedQueries',
        'OnescaleHigh5xxRate',
      ]),
    );
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s parses as PromQL', (_name, rule) => {
    expect(analyse(rule.expr).errors).toEqual([]);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s names only metrics and labels the apps register', (_name, rule) => {
    const problems: string[] = [];
    for (const { metric, labels } of analyse(rule.expr).selectors) {
      const own = registered.get(metric);
      const external = EXTERNAL[metric];
      if (!own && !external) {
        problems.push(`${metric} is registered by no app`);
        continue;
      }
      const known = own ? [...own.labelNames, ...DEFAULT_LABELS, ...(metric.endsWith('_bucket') ? ['le'] : [])] : external!.labels;
      for (const label of labels) if (!known.includes(label)) problems.push(`${metric} has no label ${label} (it has ${known.join(', ')})`);
    }
    expect(problems).toEqual([]);
  });

  it('catches a misspelt metric and a syntax error (the checks are live)', () => {
    expect(analyse('sum(rate(onescale_http_requests_total[5m])) > 0').selectors.map((s) => registered.has(s.metric))).toEqual([false]);
    expect(analyse('sum by (app (rate(onescale_kafka_consumed_total[5m]))').errors).not.toEqual([]);
  });
});
