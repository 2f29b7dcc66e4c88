/** How many groups a `GroupPartitions` remembers before it starts again from none. */
export const MAX_REMEMBERED_GROUPS = 100_000;

/**
 * The partition each group's documents were last seen on, remembered per process so a read need not
 * ask for it again. Bounded: at `MAX_REMEMBERED_GROUPS` it forgets everything (a forgotten group is
 * read once more, never answered wrongly).
 */
export class GroupPartitions {
  private readonly known = new Map<string, number>();

  get(groupId: string): number | undefined {
    return this.known.get(groupId);
  }

  remember(groupId: string, partition: number): void {
    if (!this.known.has(groupId) && this.known.size >= MAX_REMEMBERED_GROUPS) this.known.clear();
    this.known.set(groupId, partition);
  }

  get size(): number {
    return this.known.size;
  }
}
