import { hotDayOf, hotDayStart, type HotDay, type HotEventDoc, type LedgerDay } from '@onescale/platform';
import { groupBy } from '@onescale/ontology';
import { eligibleOnly, feedDay, settleDay } from './day-feed';
import { GroupRun } from './group-run';
import { messageOf, type GroupOutcome, type PassContext } from './pass-context';
import { recoverGroup } from './recovery';
import { archiveWholeDays } from './whole-days';

export interface PassResult {
  readonly outcomes: GroupOutcome[];
  /** Set when the pass stopped early (lease lost, the hot store unreadable): later groups were not reached. */
  readonly error?: string;
}

/**
 * One archival pass over one group or all of them: first finish what earlier runs left half-done,
 * then export the eligible hot events day by day into objects of one group and one UTC day, at most
 * `batchSize` events each. At most a few objects are in memory at once.
 */
export async function archivePass(ctx: PassContext, groupId?: string): Promise<PassResult> {
  const runs = new Map<string, GroupRun>();
  const runOf = (id: string): GroupRun => {
    let run = runs.get(id);
    if (run === undefined) runs.set(id, (run = new GroupRun(ctx, id)));
    return run;
  };
  if (groupId !== undefined) runOf(groupId);
  let error: string | undefined;
  try {
    const unfinished = groupBy(await ctx.steps.time('recover', () => ctx.manifests.unfinished(groupId)), (doc) => doc.groupId);
    for (const [id, docs] of unfinished) await ctx.steps.time('recover', () => recoverGroup(ctx, runOf(id), docs));
    if (groupId === undefined) await exportEveryGroup(ctx, runOf);
    else await exportGroup(ctx, runOf(groupId));
  } catch (failure) {
    error = messageOf(failure);
    ctx.log.error({ msg: 'archival pass stopped early', runId: ctx.runId, error });
  }
  const outcomes: GroupOutcome[] = [];
  for (const run of runs.values()) outcomes.push(await run.finish());
  return { outcomes, ...(error === undefined ? {} : { error }) };
}

/**
 * Every group, each by its own cutoff (its plan's retention). A whole day before the oldest cutoff
 * of the groups with hot events (the floor) is sealed, archived and dropped in one command. A day
 * from the floor's day on is read once for all its groups, and each event leaves only if it is older
 * than its own group's cutoff (deleted by id): one read per day, whatever the number of groups.
 */
async function exportEveryGroup(ctx: PassContext, runOf: (id: string) => GroupRun): Promise<void> {
  const backlog = [...(await ctx.steps.time('ledger', () => ctx.backlog.all()))].filter(([, days]) => days.length > 0);
  const cutoffs = await ctx.steps.time('ledger', () => ctx.cutoffs.ofAll(backlog.map(([id]) => id)));
  const floorDay = hotDayOf(cutoffs.size === 0 ? ctx.defaultCutoff : [...cutoffs.values()].reduce((a, b) => Math.min(a, b)));
  const days = [...new Set((await ctx.hot.partitions()).map((p) => p.day))];
  await archiveWholeDays(
    ctx,
    days.filter((day) => day < floorDay),
    runOf,
  );
  for (const [day, groups] of groupsByDay(backlog)) {
    if (day < floorDay) continue;
    const before = groups.reduce((latest, id) => Math.max(latest, cutoffs.get(id)!), -Infinity);
    if (hotDayStart(day) >= before) continue;
    for (const sealed of [true, false]) {
      if (!(await exportDay(ctx, eligibleOnly(ctx, ctx.hot.read(day, { sealed, before })), false, runOf))) break;
    }
  }
}

/** The groups with hot events on each day, oldest day first. */
function groupsByDay(backlog: ReadonlyArray<readonly [string, readonly LedgerDay[]]>): Map<HotDay, string[]> {
  const byDay = groupBy(
    backlog.flatMap(([groupId, days]) => days.map(({ day }) => ({ day, groupId }))),
    (e) => e.day,
  );
  return new Map([...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, list]) => [day, list.map((e) => e.groupId)]));
}

/**
 * One group: only the days its ledger shows with events not archived yet, each read from that
 * day's partitions (a group with nothing hot reads nothing).
 */
async function exportGroup(ctx: PassContext, run: GroupRun): Promise<void> {
  const cutoff = await ctx.cutoffs.of(run.groupId);
  const cutoffDay = hotDayOf(cutoff);
  for (const { day } of await ctx.steps.time('ledger', () => ctx.backlog.ofGroup(run.groupId))) {
    if (day > cutoffDay) break;
    for (const sealed of [true, false]) {
      if (!(await exportDay(ctx, ctx.hot.read(day, { sealed, groupId: run.groupId, before: cutoff }), false, () => run))) return;
    }
  }
}

/**
 * Streams one day's events, by group then time then id, into their groups' runs, then waits for
 * their objects and deletes. True when every group of the day succeeded.
 */
async function exportDay(
  ctx: PassContext,
  docs: AsyncIterable<HotEventDoc>,
  sealed: boolean,
  runOf: (id: string) => GroupRun,
): Promise<boolean> {
  return settleDay(await feedDay(ctx, docs, sealed, runOf));
}
