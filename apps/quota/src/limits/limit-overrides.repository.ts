import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { effectiveLimits, type EffectiveLimits, type LimitOverrides, type Plan } from '@onescale/ontology';
import { InjectMongo, isDuplicateKey, ReadinessRegistry } from '@onescale/platform';

/** The limits the platform admin set for one root group (collection `limit_overrides`). */
interface OverridesDoc {
  readonly _id: string;
  readonly limits: LimitOverrides;
  readonly updatedAt: number;
}

/** How often overrides set through another quota process are picked up. */
const RELOAD_MS = 2000;

/**
 * Limit overrides per root group. Few groups have any, so all of them are held in memory (every
 * admission reads them) and the collection is read again every 2 s; a change made here applies here
 * at once.
 */
@Injectable()
export class LimitOverridesRepository implements OnModuleInit {
  private readonly logger = new Logger('limits');
  private readonly docs: Collection<OverridesDoc>;
  private held = new Map<string, LimitOverrides>();
  private readonly writtenAt = new Map<string, number>();
  private loading: Promise<void> | null = null;

  constructor(
    @InjectMongo() connection: Connection,
    private readonly readiness: ReadinessRegistry,
  ) {
    this.docs = connection.db!.collection<OverridesDoc>('limit_overrides');
  }

  onModuleInit(): void {
    this.readiness.register('limit overrides', () => this.ready());
    void this.ready().catch((error: Error) =>
      this.logger.warn({ msg: 'loading limit overrides failed; will retry', error: error.message }),
    );
  }

  ready(): Promise<void> {
    this.loading ??= this.reload().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  @Interval(RELOAD_MS)
  async refresh(): Promise<void> {
    await this.reload().catch((error: Error) =>
      this.logger.warn({ msg: 'reloading limit overrides failed; next run retries', error: error.message }),
    );
  }

  private async reload(): Promise<void> {
    const started = Date.now();
    const docs = await this.docs.find({}).toArray();
    const next = new Map(docs.map((d) => [d._id, d.limits]));
    // A change this process wrote while the read ran is newer than what the read saw.
    for (const [id, at] of this.writtenAt) if (at >= started) next.set(id, this.held.get(id)!);
    this.held = next;
  }

  /** The limits a root group is held to: its plan's with its overrides. */
  async limitsOf(rootGroupId: string, plan: Plan): Promise<EffectiveLimits> {
    await this.ready();
    return effectiveLimits(plan, this.held.get(rootGroupId));
  }

  /** Replaces the root's overrides (a metric left out goes back to the plan's limit). */
  async replace(rootGroupId: string, limits: LimitOverrides): Promise<void> {
    await this.ready();
    const doc: OverridesDoc = { _id: rootGroupId, limits, updatedAt: Date.now() };
    // On FerretDB two first upserts at once can give the loser a duplicate key: the document now exists.
    await this.docs.replaceOne({ _id: rootGroupId }, doc, { upsert: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
      return this.docs.replaceOne({ _id: rootGroupId }, doc);
    });
    this.held.set(rootGroupId, limits);
    this.writtenAt.set(rootGroupId, Date.now());
  }
}
