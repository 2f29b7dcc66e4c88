import { archiveCutoff } from '@onescale/ontology';

/**
 * One run's cutoffs: each group asked once, measured from the run's "now". Events of a group
 * strictly older than its cutoff leave the hot store.
 */
/** Groups asked at once when many are needed (a daily run, the platform-wide status). */
const LOOKUPS_AT_ONCE = 16;

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

  /** The cutoffs of many groups, a few asked at a time. */
  async ofAll(groupIds: readonly string[]): Promise<Map<string, number>> {
    const cutoffs = new Map<string, number>();
    for (let i = 0; i < groupIds.length; i += LOOKUPS_AT_ONCE) {
      const ids = groupIds.slice(i, i + LOOKUPS_AT_ONCE);
      (await Promise.all(ids.map((id) => this.of(id)))).forEach((cutoff, j) => cutoffs.set(ids[j]!, cutoff));
    }
    return cutoffs;
  }
}
