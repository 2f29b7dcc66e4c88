import { archiveCutoff } from '@onescale/ontology';

/**
 * One run's cutoffs: each group asked once, measured from the run's "now". Events of a group
 * strictly older than its cutoff leave the hot store.
 */
export class GroupCutoffs {
  private readonly cutoffs = new Map<string, Promise<number>>();

  constructor(
    private readonly now: number,
    private readonly daysOf: (groupId: string) => Promise<number>,
  ) {}

  /** Every group the same number of days (a group run with an explicit `daysCutoff`). */
  static fixed(now: number, days: number): GroupCutoffs {
    return new GroupCutoffs(now, () => Promise.resolve(days));
  }

  of(groupId: string): Promise<number> {
    let cutoff = this.cutoffs.get(groupId);
    if (cutoff === undefined) this.cutoffs.set(groupId, (cutoff = this.daysOf(groupId).then((days) => archiveCutoff(this.now, days))));
    return cutoff;
  }
}
