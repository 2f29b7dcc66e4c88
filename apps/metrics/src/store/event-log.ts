import { hotDocOf, type HotEventStore } from '@onescale/platform';
import type { EventEnvelope, PositionedEvent } from '../ontology';

export interface Appended {
  /** Events to project: new ones, and ones a crashed attempt stored at this same offset. */
  readonly fresh: readonly PositionedEvent[];
  /** The same event id already stored at another offset (a republished copy): skipped. */
  readonly duplicates: number;
  /** At or below the partition's applied offset: projected before (a redelivery), skipped. */
  readonly redelivered: number;
}

/**
 * The hot store of one topic (day-partitioned, libs/platform), each event once. Deciding what to project:
 * - offset <= the partition's applied offset: that batch was fully projected; skip;
 * - the id is new: store and project;
 * - the id is stored at the SAME (partition, offset): a crash hit between storing and projecting;
 *   project again (the read models' position guards make what was already applied a no-op);
 * - the id is stored at another offset (ingest's relay republished it), or earlier in this batch:
 *   a duplicate; skip.
 */
export class EventLog {
  constructor(private readonly store: HotEventStore) {}

  async append(
    partition: number,
    events: readonly PositionedEvent[],
    appliedOffset: number,
    keep: (e: EventEnvelope) => boolean = () => true,
  ): Promise<Appended> {
    const pending = events.filter((e) => e.offset > appliedOffset);
    const seen = new Set<string>();
    const candidates: PositionedEvent[] = [];
    let duplicates = 0;
    for (const e of pending) {
      if (seen.has(e.envelope.id)) duplicates++;
      else {
        seen.add(e.envelope.id);
        candidates.push(e);
      }
    }
    const stored = candidates.filter((e) => keep(e.envelope));
    const clashes = await this.store.insert(stored.map((e) => hotDocOf(e.envelope, { partition, offset: e.offset })));
    let fresh = candidates;
    if (clashes.size > 0) {
      const positions = await this.store.positionsOf(stored.filter((e) => clashes.has(e.envelope.id)).map((e) => e.envelope));
      fresh = candidates.filter((e) => {
        if (!clashes.has(e.envelope.id)) return true;
        const at = positions.get(e.envelope.id);
        const replay = at !== undefined && at.partition === partition && at.offset === e.offset;
        if (!replay) duplicates++;
        return replay;
      });
    }
    return { fresh, duplicates, redelivered: events.length - pending.length };
  }
}
