import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { findByIds, InjectMongo, isDuplicateKey } from '@onescale/platform';
import { claimedAmount, positionKey, type UsageClaim, type UsageItem } from './usage-batch';

/** How long a claim is kept: far longer than a producer takes to retry (and than topic retention). */
export const CLAIM_RETENTION_MS = 8 * 86_400_000;

/**
 * Deduplicates usage events by envelope id. Each event claims its id for the (partition, offset) it
 * arrived at, with a unique insert; a copy of the same envelope at another offset (a producer's retry,
 * an outbox republished after a crash) finds the id claimed and counts only what it carries beyond
 * what was counted (`claimedAmount`). A redelivery of the SAME offset finds its own claim and is left
 * to the counter's offset guard.
 */
@Injectable()
export class AppliedUsage {
  private readonly claims: Collection<UsageClaim>;

  constructor(@InjectMongo() connection: Connection) {
    this.claims = connection.db!.collection<UsageClaim>('usage_claims');
  }

  /** What each event counts, by offset within the partition; a copy that adds nothing is absent. */
  async amounts(partition: number, items: readonly UsageItem[]): Promise<Map<number, number>> {
    const amounts = new Map<number, number>();
    if (items.length === 0) return amounts;
    const at = Date.now();
    const docs: UsageClaim[] = items.map((i) => ({
      _id: i.envelopeId,
      partition,
      offset: i.offset,
      at,
      counts: { [positionKey(partition, i.offset)]: i.data.amount },
    }));
    const taken = new Set(await this.insertClaims(docs));
    items.forEach((item, index) => {
      if (!taken.has(index)) amounts.set(item.offset, item.data.amount);
    });
    if (taken.size === 0) return amounts;
    const owner = await findByIds(
      this.claims,
      [...taken].map((i) => docs[i]!._id),
    );
    // In offset order: each copy is compared with the claim as the batch's earlier copies left it.
    for (const index of [...taken].sort((a, b) => items[a]!.offset - items[b]!.offset)) {
      const item = items[index]!;
      const claim = owner.get(item.envelopeId);
      // Pruned meanwhile (older than the retention): nothing left to compare with; it counts.
      if (claim === undefined) {
        amounts.set(item.offset, item.data.amount);
        continue;
      }
      const claimed = claimedAmount(claim, partition, item.offset, item.data.amount);
      if (claimed === null) continue;
      if (claimed.extends) {
        const key = positionKey(partition, item.offset);
        await this.claims.updateOne({ _id: claim._id }, { $set: { [`counts.${key}`]: claimed.counts } });
        claim.counts = { ...claim.counts, [key]: claimed.counts };
      }
      amounts.set(item.offset, claimed.counts);
    }
    return amounts;
  }

  /** Claims older than the retention go (a daily job: FerretDB has no TTL indexes). */
  async prune(now: number): Promise<number> {
    return (await this.claims.deleteMany({ at: { $lt: now - CLAIM_RETENTION_MS } })).deletedCount;
  }

  /** Inserts every claim it can; returns the indexes that were already taken. */
  private async insertClaims(docs: UsageClaim[]): Promise<number[]> {
    try {
      await this.claims.insertMany(docs, { ordered: false });
      return [];
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ index: number; code?: number }> }).writeErrors;
      if (Array.isArray(writeErrors) && writeErrors.length > 0) {
        if (writeErrors.some((w) => w.code !== 11000)) throw error;
        return writeErrors.map((w) => w.index);
      }
      if (isDuplicateKey(error) && docs.length === 1) return [0];
      throw error;
    }
  }
}
