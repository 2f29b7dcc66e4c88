import { Injectable } from '@nestjs/common';
import { groupBy } from '@onescale/ontology';
import type { Collection, Connection } from 'mongoose';
import { InjectMongo, dropIfPresent } from '@onescale/platform';
import { HOUR_MS, groupRunAllowance, type RunAllowance } from './group-run-limit';

/** One group's key-started runs of the last hour (`_id`: the group id). */
interface StartsDoc {
  readonly _id: string;
  /** Wall-clock ms of each start still in the window. */
  readonly at: number[];
}

/** The collection of one document per start, kept before each group had one document. */
interface LegacyStartDoc {
  readonly _id: string;
  readonly groupId: string;
  readonly at: number;
}

const LEGACY_STARTS = 'archival_group_starts';

/**
 * When group keys started runs of their group, kept in the database so the hourly limit holds
 * across restarts and archiver processes: one document per group, read and written by `_id` (a
 * group's check never reads other groups' starts). Only the lease holder checks and records a start,
 * so two requests cannot both take the last one, and the document has one writer at a time.
 */
@Injectable()
export class GroupRunStarts {
  constructor(@InjectMongo() private readonly mongo: Connection) {}

  private get collection(): Collection<StartsDoc> {
    return this.mongo.collection<StartsDoc>('archival_run_starts');
  }

  /** Folds the starts of the last hour kept one per document into their groups' documents, then drops those. */
  async foldLegacy(now = Date.now()): Promise<void> {
    const legacy = this.mongo.collection<LegacyStartDoc>(LEGACY_STARTS);
    const recent = await legacy.find({ at: { $gt: now - HOUR_MS } }).toArray();
    for (const [groupId, starts] of groupBy(recent, (doc) => doc.groupId)) {
      const kept = (await this.collection.findOne({ _id: groupId }))?.at ?? [];
      await this.collection.replaceOne({ _id: groupId }, { at: [...new Set([...kept, ...starts.map((s) => s.at)])] }, { upsert: true });
    }
    await dropIfPresent(legacy);
  }

  /** Records a start when the group has one left this hour; otherwise says when it will. */
  async take(groupId: string, now = Date.now()): Promise<RunAllowance> {
    const recent = ((await this.collection.findOne({ _id: groupId }))?.at ?? []).filter((at) => at > now - HOUR_MS);
    const allowance = groupRunAllowance(recent, now);
    if (!allowance.ok) return allowance;
    await this.collection.replaceOne({ _id: groupId }, { at: [...recent, now] }, { upsert: true });
    return allowance;
  }
}
