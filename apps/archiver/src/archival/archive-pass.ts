import { utcDay, type EventEnvelope } from '@onescale/ontology';
import type { ManifestDoc } from '../archive/manifests';
import { envelopeOf } from '../hot-store/hot-event-doc';
import { GroupRun } from './group-run';
import { messageOf, type GroupOutcome, type PassContext } from './pass-context';
import { recoverGroup } from './recovery';

export interface PassResult {
  readonly outcomes: GroupOutcome[];
  /** Set when the pass stopped early (lease lost, the hot store unreadable): later groups were not reached. */
  readonly error?: string;
}

const byGroup = (docs: readonly ManifestDoc[]): Map<string, ManifestDoc[]> => {
  const groups = new Map<string, ManifestDoc[]>();
  for (const doc of docs) groups.set(doc.groupId, [...(groups.get(doc.groupId) ?? []), doc]);
  return groups;
};

/**
 * One archival pass over one group or all of them: first finish what earlier runs left half-done,
 * then stream every eligible hot event (by group, time, id) into objects of one group and one UTC
 * day, at most `batchSize` events each. Reading is one query for all groups; at most a few objects
 * are in memory at once.
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
    for (const [id, docs] of byGroup(await ctx.manifests.unfinished(groupId))) await recoverGroup(ctx, runOf(id), docs);
    await exportEligible(ctx, groupId, runOf);
  } catch (failure) {
    error = messageOf(failure);
    ctx.log.error({ msg: 'archival pass stopped early', runId: ctx.runId, error });
  }
  const outcomes: GroupOutcome[] = [];
  for (const run of runs.values()) outcomes.push(await run.finish());
  return { outcomes, ...(error === undefined ? {} : { error }) };
}

async function exportEligible(ctx: PassContext, groupId: string | undefined, runOf: (id: string) => GroupRun): Promise<void> {
  let current: GroupRun | null = null;
  let chunk: EventEnvelope[] = [];
  let chunkDay = '';
  const flush = async (): Promise<void> => {
    ctx.lease.assertHeld();
    if (current !== null && chunk.length > 0) await current.submit(chunk);
    chunk = [];
  };
  try {
    for await (const doc of ctx.hot.eligible(ctx.cutoff, groupId)) {
      if (current?.groupId !== doc.groupId) {
        await flush();
        // The previous group is done: finish it now, so its deletes and announcement do not wait for the whole pass.
        if (current !== null) await current.finish();
        current = runOf(doc.groupId);
      }
      if (!current.ok) {
        current.failed += 1;
        continue;
      }
      const event = envelopeOf(doc);
      const day = utcDay(event.timestamp);
      if (day !== chunkDay || chunk.length >= ctx.batchSize) {
        await flush();
        chunkDay = day;
      }
      chunk.push(event);
    }
    await flush();
  } catch (failure) {
    // The events read so far stay consistent (their objects finish or recover); the rest stay hot.
    if (current !== null && current.ok) current.fail('stopped', failure, chunk.length);
    throw failure;
  }
}
