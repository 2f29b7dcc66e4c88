import { envelopeOf, InternalCallError, ndjsonLines, type HotEventStore, type InternalClient } from '@onescale/platform';
import { ARCHIVER_ROUTES, type EventEnvelope } from '../ontology';

export interface SourcedEvent {
  readonly envelope: EventEnvelope;
  /** Where the hot store recorded it; archived events no longer know. */
  readonly partition: number | null;
}

export type ArchiveOutcome = { readonly status: 'read'; readonly events: number } | { readonly status: 'skipped'; readonly reason: string };

/**
 * Archived events from the archiver's `GET /internal/archive/events` (NDJSON of envelopes, object by
 * object). Resolves to `skipped` (the rebuild then reads the hot store only) when no archiver is
 * configured, it refuses connections, or the route does not exist; any other failure throws (a short
 * archive would make the rebuild report false differences).
 */
export async function readArchive(archiver: InternalClient | undefined, sink: (e: SourcedEvent) => Promise<void>): Promise<ArchiveOutcome> {
  if (!archiver) return { status: 'skipped', reason: 'ARCHIVER_URL is not set' };
  let body: AsyncIterable<Uint8Array> | null;
  try {
    body = await archiver.stream(ARCHIVER_ROUTES.events, { params: {} });
  } catch (error) {
    const unreachable =
      error instanceof InternalCallError && error.kind === 'transient' && error.facts.status === undefined && !error.facts.timedOut;
    if (unreachable) return { status: 'skipped', reason: `the archiver did not answer (${error.message})` };
    throw error;
  }
  if (!body) return { status: 'skipped', reason: 'the archiver has no /internal/archive/events route' };
  let events = 0;
  for await (const line of ndjsonLines(body)) {
    events++;
    await sink({ envelope: JSON.parse(line) as EventEnvelope, partition: null });
  }
  return { status: 'read', events };
}

/** The hot store in a deterministic order: partition by partition, in offset order (the order the projector applied). */
export async function readHotStore(store: HotEventStore, sink: (e: SourcedEvent) => Promise<void>): Promise<number> {
  let events = 0;
  for await (const doc of store.inOrder()) {
    events++;
    await sink({ envelope: envelopeOf(doc), partition: doc.partition });
  }
  return events;
}
