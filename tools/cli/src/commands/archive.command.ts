import { Command, InvalidArgumentError } from 'commander';
import { formatCount, formatDuration } from '../../../../libs/client/src';
import { CliError, EXIT } from '../exit-codes';
import { callJson, groupPath } from '../http';
import { setOutcome } from '../outcome';
import { bold, line, printJson, table } from '../output';
import { settingsOf, type GlobalOptions } from '../settings';

interface ArchivalStatus {
  readonly eligibleForArchival: number;
  readonly alreadyArchived: number;
  readonly config: Readonly<Record<string, number>>;
  readonly estimates: { readonly storageSaved: string; readonly hoursToArchiveAll: number | null; readonly archiveSize?: string | null };
}

interface RunResult {
  readonly totalArchived?: number;
  readonly totalFailed?: number;
  readonly totalTime?: number;
  readonly groupsProcessed?: number;
  readonly successRate?: number;
  readonly batches?: readonly { groupId: string; archived: number; failed: number; duration: number; error?: string }[];
}

const nonNegativeInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number of days, 0 or more');
  return n;
};

const statusCommand = (): Command =>
  new Command('status')
    .description('events eligible for archival, already archived, and estimates')
    .option('-g, --group <id>', 'one group (without it: platform-wide, needs the platform admin key)')
    .action(async function (this: Command) {
      const { group } = this.opts<{ group?: string }>();
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const status = await callJson<ArchivalStatus>(
        settings,
        'GET',
        `/v1/archival/status${group ? `?groupId=${encodeURIComponent(group)}` : ''}`,
      );
      if (settings.json) return printJson(status);
      line(bold(group ? `Archival status of ${group}` : 'Archival status (all groups)'));
      const rows = [
        ['eligible now', formatCount(status.eligibleForArchival)],
        ['already archived', formatCount(status.alreadyArchived)],
        ['hot space the eligible events take', status.estimates.storageSaved],
        ['their size in the archive', status.estimates.archiveSize ?? 'unknown until a run'],
        [
          'time to archive all',
          status.estimates.hoursToArchiveAll === null ? 'unknown until a run' : `${status.estimates.hoursToArchiveAll} h`,
        ],
        ...Object.entries(status.config).map(([k, v]) => [k, String(v)]),
      ];
      for (const row of table(rows)) line(`  ${row}`);
    });

const runCommand = (): Command =>
  new Command('run')
    .description("archive old events now: one group's (an admin key of it), or every group's (platform admin key)")
    .option('-g, --group <id>', 'the group (without it: the daily run over all groups)')
    .option(
      '--days-cutoff <days>',
      'archive events older than this many days (one group only; default: the configured age, 365)',
      nonNegativeInt,
    )
    .action(async function (this: Command) {
      const { group, daysCutoff } = this.opts<{ group?: string; daysCutoff?: number }>();
      if (!group && daysCutoff !== undefined) throw new CliError(EXIT.usage, '--days-cutoff applies to one group: add --group <id>');
      const settings = settingsOf(this.optsWithGlobals<GlobalOptions>());
      const path = group ? groupPath(group, '/archival/runs') : '/v1/archival/runs';
      const result = await callJson<RunResult>(settings, 'POST', path, group && daysCutoff !== undefined ? { daysCutoff } : {});
      if ((result.totalFailed ?? 0) > 0) setOutcome(EXIT.partial);
      if (settings.json) return printJson(result);
      line(
        bold(
          `Archived ${formatCount(result.totalArchived ?? 0)} events${(result.totalFailed ?? 0) > 0 ? `, ${formatCount(result.totalFailed ?? 0)} failed` : ''} in ${formatDuration(result.totalTime ?? 0)}`,
        ),
      );
      const rows = (result.batches ?? []).map((b) => [
        b.groupId,
        formatCount(b.archived),
        formatCount(b.failed),
        formatDuration(b.duration),
        b.error ?? '',
      ]);
      if (rows.length > 0)
        for (const row of table([['group', 'archived', 'failed', 'time', 'error'], ...rows], [1, 2, 3])) line(`  ${row}`);
    });

export const archiveCommand = (): Command =>
  new Command('archive').description('archival: status and runs').addCommand(statusCommand()).addCommand(runCommand());
