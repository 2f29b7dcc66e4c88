import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { InjectMongo, isDuplicateKey } from '@onescale/platform';
import type { UsageItem } from './usage-batch';

/**
 * A usage event's id, claimed by the positions that counted it. `counts` holds what each position
 * counted (absent on claims written before copies could carry more: the first position counted all).
 */
export interface UsageClaim {
  _id: string;
  partition: number;
  offset: number;
  at: number;
  counts?: Record<string, number>;
}

/** How long a claim is kept: far longer than a producer takes to retry (and than topic retention). */
export const CLAIM_RETENTION_MS = 8 * 86_400_000;

export const positionKey = (partition: number, offset: number): string => `p${partition}o${offset}`;

/**
 * What a usage event at (partition, offset) counts, given the claim on its id; null for a copy that
 * adds nothing. The position that claimed it counts what it claimed (a redelivery counts the same
 * again, and the counter's offset guard applies it once). A copy at another position counts only
 * what it carries beyond the claim's total: a batch's usage is published again with more in it when
 * its outbox record was closed by the relay before the retried request wrote the rest of its rows,
 * and never with less.
 */
export function claimedAmount(
  claim: UsageClaim,
  partition: number,
  offset: number,
  amount: number,
): { readonly counts: number; readonly extends: boolean } | null {
  const here = positionKey(partition, offset);
  if (claim.counts === undefined)
    return claim.partition === partition && claim.offset === offset ? { counts: amount, extends: false } : null;
  if (here in claim.counts) return { counts: claim.counts[here]!, extends: false };
  const total = Object.values(claim.counts).reduce((a, b) => a + b, 0);
  const more = Math.abs(amount) > Math.abs(total) && amount * total >= 0;
  return more ? { counts: amount - total, extends: true } : null;
}

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
    const found = await this.claims.find({ _id: { $in: [...new Set([...taken].map((i) => docs[i]!._id))] } }).toArray();
    const owner = new Map(found.map((c) => [c._id, c]));
    // In offset order, so that of two copies in one batch the earlier one is the one extended.
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
