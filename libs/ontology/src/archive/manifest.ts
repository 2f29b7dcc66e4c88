import type { EventEnvelope } from '../contracts/event-map';
import type { ArchiveObjectPlan } from './object-plan';

/**
 * What is known of one written and verified archive object. `sha256` and `bytes` describe the
 * stored (gzipped) object, so a read can verify what it fetched; `uncompressedBytes` is the NDJSON
 * before gzip, which lets status estimates use the real compression ratio.
 *
 * `eventIds` is kept (≈ 30 KB for 1,000 ids): the hot-store delete removes exactly these ids, never a
 * time range, so an event backdated into an archived day after its object was written is not deleted
 * unarchived; and a run that crashed after recording the manifest but before the delete finishes by
 * deleting these ids instead of exporting them again. The API omits it (`manifestView`).
 */
export interface ArchiveManifest {
  readonly key: string;
  readonly groupId: string;
  readonly day: string;
  readonly count: number;
  readonly minTimestamp: number;
  readonly maxTimestamp: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly uncompressedBytes?: number;
  /** The event types the object holds, sorted (absent from objects written before it was kept): a read by type skips the others. */
  readonly types?: readonly string[];
  readonly eventIds?: readonly string[];
}

export type ManifestView = Omit<ArchiveManifest, 'eventIds'>;

/** The manifest of a planned object once the adapter has gzipped, hashed and verified it. */
export const buildManifest = (
  plan: ArchiveObjectPlan,
  written: { readonly sha256: string; readonly bytes: number; readonly uncompressedBytes?: number },
): ArchiveManifest => {
  const times = plan.events.map((e) => e.timestamp);
  return {
    key: plan.key,
    groupId: plan.groupId,
    day: plan.day,
    count: plan.events.length,
    minTimestamp: Math.min(...times),
    maxTimestamp: Math.max(...times),
    sha256: written.sha256,
    bytes: written.bytes,
    ...(written.uncompressedBytes === undefined ? {} : { uncompressedBytes: written.uncompressedBytes }),
    types: typesOf(plan.events),
    eventIds: plan.events.map((e) => e.id),
  };
};

/** The distinct event types of an object's events, sorted. */
export const typesOf = (events: readonly EventEnvelope[]): string[] => [...new Set(events.map((e) => e.type))].sort();

export const manifestView = ({ eventIds: _ids, ...view }: ArchiveManifest): ManifestView => view;

/**
 * Splits eligible hot events into those still to export and the ids already safe in an object
 * (a previous run stopped before deleting them): re-runs delete those and export nothing twice.
 */
export const splitArchived = (
  events: readonly EventEnvelope[],
  manifests: readonly ArchiveManifest[],
): { pending: EventEnvelope[]; archivedIds: string[] } => {
  const archived = new Set(manifests.flatMap((m) => m.eventIds ?? []));
  const pending: EventEnvelope[] = [];
  const archivedIds: string[] = [];
  for (const event of events) {
    if (archived.has(event.id)) archivedIds.push(event.id);
    else pending.push(event);
  }
  return { pending, archivedIds };
};

/** NDJSON bytes per stored byte (e.g. 6 = gzip made it 6× smaller), measured over manifests; null before any. */
export const compressionRatioOf = (manifests: readonly ArchiveManifest[]): number | null => {
  let raw = 0;
  let stored = 0;
  for (const m of manifests) {
    if (m.uncompressedBytes === undefined || m.bytes <= 0) continue;
    raw += m.uncompressedBytes;
    stored += m.bytes;
  }
  return stored === 0 ? null : raw / stored;
};
