import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { InjectMongo, isDuplicateKey } from '@onescale/platform';

/** One admitted request of a key in one window: slot `n` of at most the window's limit. */
interface SlotDoc {
  /** `<keyId>|<window>|<windowStart>|<n>`: the unique `_id` makes each slot taken once. */
  readonly _id: string;
  readonly expiresAt: number;
}

/** Slots are dropped once well past their window. */
const KEEP_MS = 120_000;

/**
 * The shared window counters of rate-limited keys, in the gateway's MongoDB. A request takes the
 * next free slot of its window with an insert under a unique `_id` (on FerretDB the one atomic
 * write; an `$inc` there can lose a concurrent increment): no more slots than the limit can ever be
 * taken, by however many gateway processes. Each process remembers where the free slots of a
 * window begin, so a slot is rarely tried twice.
 */
@Injectable()
export class RateWindowsRepository implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('rate-limits');
  private readonly slots: Collection<SlotDoc>;
  /** Per window, the first slot this process has not seen taken. */
  private readonly next = new Map<string, number>();
  private sweeper?: NodeJS.Timeout;

  constructor(@InjectMongo() connection: Connection) {
    this.slots = connection.db!.collection<SlotDoc>('rate_slots');
  }

  onModuleInit(): void {
    this.sweeper = setInterval(() => void this.dropOld(), KEEP_MS / 2);
    this.sweeper.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Takes a slot of the window (`windowStart` ends at `windowEnd`) if fewer than `limit` are taken; false when all are. */
  async take(keyId: string, window: 'second' | 'minute', windowStart: number, windowEnd: number, limit: number): Promise<boolean> {
    const key = `${keyId}|${window}|${windowStart}`;
    for (;;) {
      // Read again each time: concurrent requests of this process move it too.
      const n = this.next.get(key) ?? 1;
      if (n > limit) return false;
      this.next.set(key, n + 1);
      try {
        await this.slots.insertOne({ _id: `${key}|${n}`, expiresAt: windowEnd + KEEP_MS });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
  }

  private async dropOld(): Promise<void> {
    const now = Date.now();
    for (const key of this.next.keys()) if (Number(key.split('|').at(-1)) < now - KEEP_MS) this.next.delete(key);
    try {
      await this.slots.deleteMany({ expiresAt: { $lt: now } });
    } catch (error) {
      this.log.warn({ msg: 'dropping old rate slots failed; the next sweep retries', error: (error as Error).message });
    }
  }
}
