import type { Db } from 'mongodb';
import { DayLedger, HOT_EVENTS, HOT_EVENT_LEDGER, HOT_USAGE_EVENTS, HotEventStore, type InternalClient } from '@onescale/platform';
import { streamKey, type Composition, type PositionedEvent } from '../ontology';
import { ReadModelWriter } from '../projector/read-model-writer';
import { Projector } from '../projector/projector';
import { PROGRESS } from '../store/collections';
import { EventLog } from '../store/event-log';
import { ListStore } from '../store/list-store';
import { Progress } from '../store/progress';
import { readArchive, readHotStore, type ArchiveOutcome, type SourcedEvent } from './event-sources';
import { describe, diffDumps, dumpReadModels, type Difference } from './read-model-dump';
import { DocCache, DocStore, Shards } from '@onescale/platform';

export const REBUILD_PREFIX = 'rebuild_';
const BATCH = 2000;

export interface RebuildReport {
  readonly archive: ArchiveOutcome;
  readonly hotEvents: number;
  readonly usageEvents: number;
  readonly projected: number;
  readonly differences: readonly Difference[];
}

/**
 * Rebuilds every read model from the event log (the archive, then the hot store in `hotDb`) into
 * fresh `rebuild_…` collections of `db`, through the same projector the live consumer uses (in other
 * batches, so chunk layouts differ: the comparison is on what readers see), then compares them with
 * the live read models. Run it while the projector is
 * idle (or compare only groups that are quiet): events projected during the run would differ.
 */
export async function rebuildAndCompare(
  db: Db,
  hotDb: Db,
  options: { composition: Composition; shards: number; archiver?: InternalClient; log?: (line: string) => void },
): Promise<RebuildReport> {
  const log = options.log ?? (() => undefined);
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) if (name.startsWith(REBUILD_PREFIX)) await db.collection(name).drop();
  // Fresh names every run: FerretDB tables get their `_id` index from our wrapper once per name.
  const prefix = `${REBUILD_PREFIX}${Date.now().toString(36)}_`;
  const shards = new Shards(db, options.shards, prefix);
  const docs = new DocStore(shards, new DocCache()); // the rebuild is the only writer of its collections
  const projector = new Projector(
    options.composition,
    docs,
    new ReadModelWriter(docs, new ListStore(docs)),
    new EventLog(new HotEventStore(db, `${prefix}${HOT_EVENTS}`)),
    new EventLog(new HotEventStore(db, `${prefix}${HOT_USAGE_EVENTS}`)),
    new DayLedger(db.collection(`${prefix}${HOT_EVENT_LEDGER}`)),
    new Progress(db.collection(`${prefix}${PROGRESS}`)),
  );

  // One stream with increasing offsets: every event once, in the order read.
  const seen = new Set<string>();
  let offset = 0;
  let pending: PositionedEvent[] = [];
  let partition = 0;
  let projected = 0;
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    await projector.applyEvents(streamKey('rebuild', 0), partition, pending);
    projected += pending.length;
    pending = [];
  };
  const sink = async (e: SourcedEvent): Promise<void> => {
    if (seen.has(e.envelope.id)) return;
    seen.add(e.envelope.id);
    if (e.partition !== null && e.partition !== partition) await flush();
    partition = e.partition ?? partition;
    pending.push({ envelope: e.envelope, offset: offset++ });
    if (pending.length >= BATCH) await flush();
  };

  const archive = await readArchive(options.archiver, sink);
  log(archive.status === 'read' ? `archive: ${archive.events} events` : `archive: skipped (${archive.reason}); reading the hot store only`);
  const hotEvents = await readHotStore(new HotEventStore(hotDb, HOT_EVENTS), sink);
  await flush();
  log(`hot store: ${hotEvents} events; ${projected} projected`);

  const usage: PositionedEvent[] = [];
  const usageEvents = await readHotStore(new HotEventStore(hotDb, HOT_USAGE_EVENTS), async (e) => {
    usage.push({ envelope: e.envelope, offset: usage.length });
  });
  for (let i = 0; i < usage.length; i += BATCH) await projector.applyUsage(streamKey('rebuild-usage', 0), usage.slice(i, i + BATCH));
  log(`usage records: ${usageEvents}`);

  const [live, rebuilt] = await Promise.all([dumpReadModels(new Shards(db, options.shards)), dumpReadModels(shards)]);
  const differences = diffDumps(live, rebuilt);
  log(
    `compared ${live.size} live and ${rebuilt.size} rebuilt documents: ${differences.length} difference(s) (rebuilt read models kept in ${prefix}*)`,
  );
  for (const d of differences.slice(0, 50)) log(`  ${describe(d)}`);
  if (differences.length > 50) log(`  … and ${differences.length - 50} more`);
  return { archive, hotEvents, usageEvents, projected, differences };
}
