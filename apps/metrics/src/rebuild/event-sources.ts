import { envelopeOf, type HotEventStore } from '@onescale/platform';
import { INTERNAL_HEADERS, type EventEnvelope } from '../ontology';

export interface SourcedEvent {
  readonly envelope: EventEnvelope;
  /** Where the hot store recorded it; archived events no longer know. */
  readonly partition: number | null;
}

export type ArchiveOutcome = { readonly status: 'read'; readonly events: number } | { readonly status: 'skipped'; readonly reason: string };

/**
 * Archived events from the archiver's `GET /internal/archive/events` (NDJSON of envelopes, object by
 * object). Resolves to `skipped` (the rebuild then reads the hot store only) when no archiver is
 * configured or the route does not exist; any other failure throws (a short archive would make the
 * rebuild report false differences).
 */
export async function readArchive(url: string | undefined, token: string | undefined, sink: (e: SourcedEvent) => Promise<void>): Promise<ArchiveOutcome> {
  if (!url) return { status: 'skipped', reason: 'ARCHIVER_URL is not set' };
  let response: Response;
  try {
    response = await fetch(`${url.replace(/\/$/, '')}/internal/archive/events`, { headers: token ? { [INTERNAL_HEADERS.token]: token } : {} });
  } catch (error) {
    return { status: 'skipped', reason: `the archiver at ${url} did not answer (${(error as Error).message})` };
  }
  if (response.status === 404) return { status: 'skipped', reason: `the archiver at ${url} has no /internal/archive/events route` };
  if (!response.ok || !response.body) throw new Error(`archive read failed: HTTP ${response.status} ${await response.text()}`);
  const decoder = new TextDecoder();
  let buffered = '';
  let events = 0;
  const line = async (text: string): Promise<void> => {
    if (text.trim() === '') return;
    events++;
    await sink({ envelope: JSON.parse(text) as EventEnvelope, partition: null });
  };
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += decoder.decode(chunk, { stream: true });
    let nl: number;
    while ((nl = buffered.indexOf('\n')) >= 0) {
      await line(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
    }
  }
  await line(buffered + decoder.decode());
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
