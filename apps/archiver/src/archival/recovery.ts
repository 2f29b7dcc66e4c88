import { hotDayOf } from '@onescale/platform';
import { ArchiveObjectCorrupt } from '../archive/archive-objects';
import type { ManifestDoc } from '../archive/manifests';
import type { GroupRun } from './group-run';
import type { PassContext } from './pass-context';

/**
 * Finishes what a crashed or failed run left for one group, before anything new is exported:
 * - `pending` (crash during or after the upload): an object that reads back intact is kept and
 *   finished; otherwise the object (if any) and its manifest are removed and the events, still
 *   hot, are exported again. No orphan object survives without a manifest.
 * - `verified` (crash before or during the hot delete): the ids come from the object itself,
 *   re-checked against its checksum, and are deleted; an object that no longer matches deletes
 *   nothing and is marked `invalid`, so its hot events are exported again next run.
 * - `archived` but not announced: named in this run's `events_archived`.
 */
export async function recoverGroup(ctx: PassContext, run: GroupRun, docs: readonly ManifestDoc[]): Promise<void> {
  for (const doc of docs) {
    run.rootGroupId ??= doc.rootGroupId;
    try {
      if (doc.state === 'archived') {
        run.completed(doc.key, doc.count, false);
        continue;
      }
      if (doc.state === 'pending' && !(await ctx.objects.verify(doc))) {
        ctx.lease.assertHeld();
        await ctx.objects.remove(doc.key);
        await ctx.manifests.remove(doc.groupId, [doc.key]);
        ctx.log.warn({ msg: 'removed an object whose upload never completed', key: doc.key, runId: doc.runId });
        continue;
      }
      await finishDeletes(ctx, run, doc);
    } catch (error) {
      run.fail('recovery', error, 0);
      return;
    }
  }
}

async function finishDeletes(ctx: PassContext, run: GroupRun, doc: ManifestDoc): Promise<void> {
  let ids: string[];
  try {
    ids = (await ctx.objects.read(doc)).map((e) => e.id);
  } catch (error) {
    if (!(error instanceof ArchiveObjectCorrupt)) throw error;
    await ctx.manifests.setState(doc.groupId, [doc.key], 'invalid');
    throw error;
  }
  ctx.lease.assertHeld();
  if (doc.state === 'pending') await ctx.manifests.setState(doc.groupId, [doc.key], 'verified');
  await ctx.hot.deleteIds(hotDayOf(doc.minTimestamp), ids);
  await ctx.manifests.setState(doc.groupId, [doc.key], 'archived');
  run.completed(doc.key, doc.count, true);
}
