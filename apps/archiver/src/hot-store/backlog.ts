import { Injectable } from '@nestjs/common';
import { DayLedger, type LedgerDay } from '@onescale/platform';
import { Manifests } from '../archive/manifests';

/**
 * What is still hot, per group and UTC day, without reading an event: the day ledger's counts minus
 * the events the readable objects of that group and day hold. Bytes scale with the events left.
 */
@Injectable()
export class Backlog {
  constructor(
    private readonly ledger: DayLedger,
    private readonly manifests: Manifests,
  ) {}

  /** A group's days with events not archived yet, oldest first. */
  async ofGroup(groupId: string): Promise<LedgerDay[]> {
    const [days, archived] = await Promise.all([this.ledger.ofGroup(groupId), this.manifests.archivedPerDay(groupId)]);
    return pending(days, archived.get(groupId));
  }

  /** Every group's days with events not archived yet. */
  async all(): Promise<Map<string, LedgerDay[]>> {
    const [ledger, archived] = await Promise.all([this.ledger.all(), this.manifests.archivedPerDay()]);
    return new Map([...ledger].map(([groupId, days]) => [groupId, pending(days, archived.get(groupId))]));
  }
}

function pending(days: readonly LedgerDay[], archived: ReadonlyMap<string, number> = new Map()): LedgerDay[] {
  return days
    .map((d) => {
      const events = Math.max(0, d.events - (archived.get(d.day) ?? 0));
      return { day: d.day, events, bytes: d.events === 0 ? 0 : Math.round((d.bytes * events) / d.events) };
    })
    .filter((d) => d.events > 0);
}
