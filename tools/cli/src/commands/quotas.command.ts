import { Command, Option } from 'commander';
import { formatCount } from '../../../../libs/client/src';
import { EXIT } from '../exit-codes';
import { callJson, groupPath } from '../http';
import { setOutcome } from '../outcome';
import { bar, bold, level, line, printJson, table } from '../output';
import { settingsOf, type GlobalOptions } from '../settings';

interface MetricStatus {
  readonly current: number | null;
  readonly limit: number | null;
  readonly percentUsed: number;
  readonly status: string;
}

interface QuotaStatus {
  readonly group: { readonly id: string; readonly plan: string };
  readonly status: string;
  readonly metrics: Readonly<Record<string, MetricStatus>>;
  readonly recommendations: readonly string[];
}

const RANK: Readonly<Record<string, number>> = { healthy: 0, ok: 0, warning: 1, critical: 2, exceeded: 3 };

/** Whether the overall status is at or above the level named by --fail-on. */
export const atOrAbove = (status: string, threshold: string): boolean => (RANK[status] ?? 0) >= (RANK[threshold] ?? Infinity);

export const quotasCommand = (): Command =>
  new Command('quotas')
    .description("show a group's quota gauges, status and recommendations")
    .requiredOption('-g, --group <id>', 'the group')
    .addOption(
      new Option('--fail-on <level>', 'exit with 3 when the overall status is at or above this level').choices([
        'warning',
        'critical',
        'exceeded',
      ]),
    )
    .action(async function (this: Command) {
      const { group, failOn } = this.opts<{ group: string; failOn?: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const status = await callJson<QuotaStatus>(settings, 'GET', groupPath(group, '/quotas/status'));
      if (settings.json) printJson(status);
      else printQuotas(status);
      if (failOn && atOrAbove(status.status, failOn)) setOutcome(EXIT.partial);
    });

function printQuotas(s: QuotaStatus): void {
  line(`${bold(`Group ${s.group.id}`)} (${s.group.plan} plan): ${level(s.status)}`);
  line();
  const rows = Object.entries(s.metrics).map(([metric, m]) => {
    const unit = metric === 'storage_gb' ? ' GB' : metric === 'events_retention_days' ? ' days' : '';
    const used = m.current === null ? '–' : metric === 'storage_gb' ? String(m.current) : formatCount(m.current);
    const gauge = metric === 'events_retention_days' || m.limit === null ? '' : `${bar(m.percentUsed)} ${m.percentUsed}%`;
    return [metric, used, m.limit === null ? 'unlimited' : `${formatCount(m.limit)}${unit}`, gauge, level(m.status)];
  });
  for (const row of table([['metric', 'used', 'limit', '', 'level'], ...rows], [1, 2])) line(`  ${row}`);
  line();
  for (const r of s.recommendations) line(`  • ${r}`);
}
