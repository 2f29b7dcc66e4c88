import { Injectable } from '@nestjs/common';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { InjectMongo, isDuplicateKey } from '@onescale/platform';
import type { UsageItem } from './usage-batch';

interface Claim {
  _id: string;
  partition: number;
  offset: number;
  at: number;
}

/** How long a claim is kept: far longer than a producer takes to retry (and than topic retention). */
export const CLAIM_RETENTION_MS = 8 * 86_400_000;

/**
 * Deduplicates usage events by envelope id. Each event claims its id for the (partition, offset) it
 * arrived at, with a unique insert; a copy of the same envelope at another offset (a producer's retry,
 * an outbox republished after a crash) finds the id claimed by someone else and is not counted. A
 * redelivery of the SAME offset finds its own claim and is left to the counter's offset guard.
 */
@Injectable()
export class AppliedUsage {
  private readonly claims: Collection<Claim>;

  constructor(@InjectMongo() connection: Connection) {
    this.claims = connection.db!.collection<Claim>('usage_claims');
  }

  /** Offsets (within the partition) whose event was already claimed at another position. */
  async duplicates(partition: number, items: readonly UsageItem[]): Promise<Set<number>> {
    if (items.length === 0) return new Set();
    const at = Date.now();
    const docs = items.map((i) => ({ _id: i.envelopeId, partition, offset: i.offset, at }));
    const taken = await this.insertClaims(docs);
    if (taken.length === 0) return new Set();
    const found = await this.claims.find({ _id: { $in: [...new Set(taken.map((i) => docs[i]!._id))] } }).toArray();
    const owner = new Map(found.map((c) => [c._id, c]));
    const duplicates = new Set<number>();
    for (const index of taken) {
      const mine = docs[index]!;
      const claim = owner.get(mine._id);
      if (claim && (claim.partition !== mine.partition || claim.offset !== mine.offset)) duplicates.add(mine.offset);
    }
    return duplicates;
  }

  /** Claims older than the retention go (a daily job: FerretDB has no TTL indexes). */
  async prune(now: number): Promise<number> {
    return (await this.claims.deleteMany({ at: { $lt: now - CLAIM_RETENTION_MS } })).deletedCount;
  }

  /** Inserts every claim it can; returns the indexes that were already taken. */
  private async insertClaims(docs: Claim[]): Promise<number[]> {
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
