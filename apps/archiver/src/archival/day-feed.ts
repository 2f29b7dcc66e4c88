import type { EventEnvelope } from '@onescale/ontology';
import { envelopeOf, externalSort, type HotEventDoc } from '@onescale/platform';
import type { GroupRun } from './group-run';
import type { PassContext } from './pass-context';

/**
 * Events of a day sorted in memory at once (~25 MB of documents); more spill sorted runs to local
 * disk. Sized so that a day of 1,000,000 events over 40 days (25,000) never pays the spill's JSON
 * round trip through disk.
 */
const SORT_RUN_SIZE = 50_000;

const byGroupTimeId = (a: HotEventDoc, b: HotEventDoc): number =>
  (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0) || a.timestamp - b.timestamp || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/**
 * The events older than their own group's cutoff; the others go to `keep`. A group the pass has not
 * met yet (its first event arrived after the ledger was read) is asked for its retention here.
 */
export async function* eligibleOnly(
  ctx: PassContext,
  docs: AsyncIterable<HotEventDoc>,
  keep?: (doc: HotEventDoc) => Promise<void>,
): AsyncGenerator<HotEventDoc> {
  for await (const doc of docs) {
    if (doc.timestamp < (await ctx.cutoffs.of(doc.groupId))) yield doc;
    else if (keep !== undefined) await keep(doc);
  }
}

/** Waits for the objects (and deletes) the groups of a day have started; true when each group succeeded. */
export async function settleDay(touched: ReadonlySet<GroupRun>): Promise<boolean> {
  // Each group's objects of the day are the ones started by now: later ones belong to the next day.
  await Promise.all([...touched].map((run) => run.settle()));
  return [...touched].every((run) => run.ok);
}

/**
 * Streams one day's events, by group then time then id, into their groups' runs, and returns those
 * groups once every object of the day has started.
 */
export async function feedDay(
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
