import type { Logger } from '@nestjs/common';
import { isPurgeable, groupBy } from '@onescale/ontology';

import type { ArchiveObjects } from '../archive/archive-objects';
import type { ManifestDoc, Manifests } from '../archive/manifests';
import { archiverFailuresTotal } from '../archiver.metrics';
import { messageOf } from './pass-context';
import type { HeldLease } from './run-lease';

const PAGE = 500;

const keysOf = (docs: readonly ManifestDoc[]): string[] => docs.map((doc) => doc.key);

export interface PurgeResult {
  readonly purged: number;
  readonly failed: number;
}

/**
 * Deletes objects whose newest event is older than the retention, with their manifests. The
 * manifest is marked `purging` first (readers skip it), then the object goes, then the manifest: a
 * crash in between is finished by the next run, and no manifest ever points at a deleted object
 * that readers would still serve.
 */
export async function purgeExpired(
  deps: { readonly manifests: Manifests; readonly objects: ArchiveObjects; readonly lease: HeldLease; readonly log: Logger },
  cutoff: number,
): Promise<PurgeResult> {
  let purged = 0;
  let failed = 0;
  for (;;) {
    const docs = (await deps.manifests.pastRetention(cutoff, PAGE)).filter((doc) => isPurgeable(doc, cutoff));
    if (docs.length === 0) break;
    deps.lease.assertHeld();
    const toMark = groupBy(
      docs.filter((doc) => doc.state !== 'purging'),
      (doc) => doc.groupId,
    );
    for (const [groupId, own] of toMark) await deps.manifests.setState(groupId, keysOf(own), 'purging');
    const removed: ManifestDoc[] = [];
    for (const doc of docs) {
      try {
        await deps.objects.remove(doc.key);
        removed.push(doc);
      } catch (error) {
        failed += 1;
        archiverFailuresTotal.inc({ stage: 'purge' });
        deps.log.error({ msg: 'could not purge an archive object; retried next run', key: doc.key, error: messageOf(error) });
      }
    }
    for (const [groupId, own] of groupBy(removed, (doc) => doc.groupId)) await deps.manifests.remove(groupId, keysOf(own));
    purged += removed.length;
    // Stop on trouble rather than fetch the same page again.
    if (removed.length < docs.length || docs.length < PAGE) break;
  }
  return { purged, failed };
}
