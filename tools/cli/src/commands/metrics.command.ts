import { Command } from 'commander';
import { formatBytes, formatCount } from '../../../../libs/client/src';
import { callJson, groupPath } from '../http';
import { bold, line, printJson, table } from '../output';
import { settingsOf, type GlobalOptions } from '../settings';

interface GroupMetrics {
  readonly id: string;
  readonly name: string;
  readonly plan: string;
  readonly _computed: Readonly<Record<string, unknown>> & {
    readonly storageUsed: number;
    readonly eventsThisWeek: number;
    readonly eventsPreviousWeek?: number;
    readonly topContentByEngagement: readonly { name: string; type: string; connectionCount: number }[];
  };
}

const FIGURES: readonly [string, string][] = [
  ['userCount', 'users'],
  ['activeUsers', 'active users (7 days)'],
  ['totalEntities', 'entities'],
  ['eventsThisMonth', 'events this month'],
  ['eventsThisWeek', 'events, last 7 days'],
  ['eventsPreviousWeek', 'events, the 7 days before'],
  ['revenueThisMonth', 'revenue this month'],
  ['apiCallsThisMonth', 'API calls this month'],
  ['averageEngagementPerContent', 'engagement per content'],
  ['avgEventsPerUser', 'events per user (month)'],
  ['avgRevenuePerUser', 'revenue per user (month)'],
];

export const metricsCommand = (): Command =>
  new Command('metrics')
    .description("show a group's computed metrics")
    .requiredOption('-g, --group <id>', 'the group')
    .action(async function (this: Command) {
      const { group } = this.opts<{ group: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const metrics = await callJson<GroupMetrics>(settings, 'GET', groupPath(group, '/metrics'));
      if (settings.json) return printJson(metrics);
      const c = metrics._computed;
      line(`${bold(metrics.name)} (${metrics.id}, ${metrics.plan} plan)`);
      const rows = FIGURES.filter(([key]) => typeof c[key] === 'number').map(([key, label]) => [label, formatCount(c[key] as number)]);
      rows.push(['storage used', formatBytes(c.storageUsed)]);
      rows.push(['active this month', c.isActive ? 'yes' : 'no'], ['trending up', c.trendingUp ? 'yes' : 'no']);
      for (const row of table(rows, [1])) line(`  ${row}`);
      if (c.topContentByEngagement.length > 0) {
        line();
        line('  top content by engagement:');
        for (const row of table(
          c.topContentByEngagement.map((t) => [t.name, t.type, formatCount(t.connectionCount)]),
          [2],
        ))
          line(`    ${row}`);
      }
    });
