import { Injectable } from '@nestjs/common';
import { DayLedger, type LedgerDay } from '@onescale/platform';
import { Manifests, type ReadableSummary } from '../archive/manifests';

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
    return (await this.ofGroupAndArchive(groupId)).days;
  }

  /** The same, and what the group's readable objects hold (from the same read of its manifests). */
  async ofGroupAndArchive(groupId: string): Promise<{ days: LedgerDay[]; archive: ReadableSummary }> {
    const [days, archive] = await Promise.all([this.ledger.ofGroup(groupId), this.manifests.readableSummary(groupId)]);
    return { days: pending(days, archive.perDay.get(groupId)), archive };
  }

  /** Every group's days with events not archived yet. */
  async all(): Promise<Map<string, LedgerDay[]>> {
    return (await this.allAndArchive()).days;
  }

  /** The same, and what every readable object holds (from the same read of the manifests). */
  async allAndArchive(): Promise<{ days: Map<string, LedgerDay[]>; archive: ReadableSummary }> {
    const [ledger, archive] = await Promise.all([this.ledger.all(), this.manifests.readableSummary()]);
    return { days: new Map([...ledger].map(([groupId, days]) => [groupId, pending(days, archive.perDay.get(groupId))])), archive };
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
