import { utcMonthKey } from '../ontology';
import { readCacheLookups } from '../metrics.metrics';
import type { ReadCache } from './read-cache';
import { GroupPartitions } from './group-partitions';

/** A group's api calls in a month, and the usage partition whose events counted them (null: none yet, or several). */
export interface ApiCallsRead {
  readonly calls: number;
  readonly partition: number | null;
}

/**
 * The api calls of group metrics: they come from the usage topic, not the group's partition, so the
 * group's cached inputs cannot stamp them. Kept in the read cache under the applied offset of the
 * usage partition that counts them (learnt from their document) while this process projects that
 * partition, the offset then being in memory (`applied`, store/progress.ts); read every time otherwise.
 */
export class ApiCallsReader {
  private readonly partitions = new GroupPartitions();

  constructor(
    private readonly load: (groupId: string, now: number) => Promise<ApiCallsRead>,
    private readonly applied: (usagePartition: number) => Promise<number | undefined>,
    private readonly cache: ReadCache,
  ) {}

  async of(groupId: string, now: number): Promise<number> {
    const partition = this.partitions.get(groupId);
    const stamp = partition === undefined ? undefined : await this.applied(partition);
    const key = `api|${groupId}|${utcMonthKey(now)}`;
    if (stamp !== undefined) {
      const hit = this.cache.get<number>(key, stamp);
      readCacheLookups.inc({ result: hit === undefined ? 'miss' : 'hit' });
      if (hit !== undefined) return hit;
    }
    const read = await this.load(groupId, now);
    if (read.partition !== null && read.partition !== partition) this.partitions.remember(groupId, read.partition);
    if (stamp !== undefined && read.partition === partition) this.cache.set(key, stamp, read.calls);
    return read.calls;
  }
}
