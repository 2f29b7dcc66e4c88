import type { EventEnvelope } from '@onescale/ontology';
import { envelopeOf, externalSort, hotDayOf, hotDayStart, type HotDay, type HotEventDoc, type LedgerDay } from '@onescale/platform';
import type { ManifestDoc } from '../archive/manifests';
import { GroupRun } from './group-run';
import { messageOf, type GroupOutcome, type PassContext } from './pass-context';
import { recoverGroup } from './recovery';

export interface PassResult {
  readonly outcomes: GroupOutcome[];
  /** Set when the pass stopped early (lease lost, the hot store unreadable): later groups were not reached. */
  readonly error?: string;
}

/**
 * Events of a day sorted in memory at once (~25 MB of documents); more spill sorted runs to local
 * disk. Sized so that a day of 1,000,000 events over 40 days (25,000) never pays the spill's JSON
 * round trip through disk.
 */
const SORT_RUN_SIZE = 50_000;

const byGroupTimeId = (a: HotEventDoc, b: HotEventDoc): number =>
  (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0) || a.timestamp - b.timestamp || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

const byGroup = (docs: readonly ManifestDoc[]): Map<string, ManifestDoc[]> => {
  const groups = new Map<string, ManifestDoc[]>();
  for (const doc of docs) groups.set(doc.groupId, [...(groups.get(doc.groupId) ?? []), doc]);
  return groups;
};

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
    const unfinished = byGroup(await ctx.steps.time('recover', () => ctx.manifests.unfinished(groupId)));
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
  const byDay = new Map<HotDay, string[]>();
  for (const [groupId, days] of backlog) for (const { day } of days) byDay.set(day, [...(byDay.get(day) ?? []), groupId]);
  return new Map([...byDay].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * The events older than their own group's cutoff; the others go to `keep`. A group the pass has not
 * met yet (its first event arrived after the ledger was read) is asked for its retention here.
 */
async function* eligibleOnly(
  ctx: PassContext,
  docs: AsyncIterable<HotEventDoc>,
  keep?: (doc: HotEventDoc) => Promise<void>,
): AsyncGenerator<HotEventDoc> {
  for await (const doc of docs) {
    if (doc.timestamp < (await ctx.cutoffs.of(doc.groupId))) yield doc;
    else if (keep !== undefined) await keep(doc);
  }
}

/**
 * The whole days before the floor, oldest first. A day is sealed once per pass: an event that
 * arrives for it meanwhile starts the day's partition again and waits for the next pass, whose
 * duplicate check (objects of earlier runs) then covers it. An event of the sealed day that its group
 * keeps hot longer (a group the ledger did not show when the floor was set) is put back into the live
 * partition before the sealed one is dropped. The next day is read, and its objects started, while
 * the previous day's last objects upload and verify: one day's tail in flight at most, so memory
 * stays bounded and a day is dropped only once its own objects are archived.
 */
async function archiveWholeDays(ctx: PassContext, days: readonly HotDay[], runOf: (id: string) => GroupRun): Promise<void> {
  let previous: Promise<void> = Promise.resolve();
  try {
    for (const day of days) {
      ctx.lease.assertHeld();
      if (!(await ctx.steps.time('seal', () => ctx.hot.seal(day)))) continue;
      const kept = new PutBack(ctx);
      const touched = await feedDay(
        ctx,
        eligibleOnly(ctx, ctx.hot.read(day, { sealed: true }), (doc) => kept.add(doc)),
        true,
        runOf,
      );
      await previous;
      previous = dropWhenArchived(ctx, day, touched, kept);
      // Its failure is thrown where it is awaited; until then it must not count as unhandled.
      previous.catch(() => undefined);
    }
  } finally {
    await previous;
  }
}

/** Drops a sealed day once its objects are archived. A group that failed keeps the whole sealed day: the next pass archives what is left of it. */
async function dropWhenArchived(ctx: PassContext, day: HotDay, touched: ReadonlySet<GroupRun>, kept: PutBack): Promise<void> {
  if (!(await settleDay(touched))) return;
  await kept.flush();
  ctx.lease.assertHeld();
  await ctx.steps.time('drop', () => ctx.hot.dropSealed(day));
  ctx.crash.reached('drop');
}

/** Events written back to their day's live partition, a thousand at a time (a copy already there is kept). */
class PutBack {
  private docs: HotEventDoc[] = [];

  constructor(private readonly ctx: PassContext) {}

  async add(doc: HotEventDoc): Promise<void> {
    this.docs.push(doc);
    if (this.docs.length >= 1000) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.docs.length === 0) return;
    this.ctx.lease.assertHeld();
    await this.ctx.hot.insert(this.docs);
    this.docs = [];
  }
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

/** Waits for the objects (and deletes) the groups of a day have started; true when each group succeeded. */
async function settleDay(touched: ReadonlySet<GroupRun>): Promise<boolean> {
  // Each group's objects of the day are the ones started by now: later ones belong to the next day.
  await Promise.all([...touched].map((run) => run.settle()));
  return [...touched].every((run) => run.ok);
}

/**
 * Streams one day's events, by group then time then id, into their groups' runs, and returns those
 * groups once every object of the day has started.
 */
async function feedDay(
  ctx: PassContext,
  docs: AsyncIterable<HotEventDoc>,
  sealed: boolean,
  runOf: (id: string) => GroupRun,
): Promise<Set<GroupRun>> {
  const touched = new Set<GroupRun>();
  let current: GroupRun | null = null;
  let chunk: EventEnvelope[] = [];
  const flush = async (): Promise<void> => {
    ctx.lease.assertHeld();
    if (current !== null && chunk.length > 0) await current.submit(chunk, sealed);
    chunk = [];
  };
  try {
    for await (const doc of ctx.steps.stream('read', externalSort(docs, { compare: byGroupTimeId, runSize: SORT_RUN_SIZE }))) {
      if (current?.groupId !== doc.groupId) {
        await flush();
        current = runOf(doc.groupId);
        touched.add(current);
      }
      if (!current.ok) {
        current.failed += 1;
        continue;
      }
      if (chunk.length >= ctx.batchSize) await flush();
      chunk.push(envelopeOf(doc));
    }
    await flush();
  } catch (failure) {
    // The events read so far stay consistent (their objects finish or recover); the rest stay hot.
    if (current !== null && current.ok) current.fail('stopped', failure, chunk.length);
    throw failure;
  }
  return touched;
}
