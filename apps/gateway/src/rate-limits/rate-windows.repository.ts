import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';
import { InjectMongo, duplicateKeyIndexes } from '@onescale/platform';
import type { RateWindow } from './rate-window';

/** One admitted request of a key in one window: slot `n` of at most the window's limit. */
interface SlotDoc {
  /** `<keyId>|<window>|<windowStart>|<n>`: the unique `_id` makes each slot taken once. */
  readonly _id: string;
  readonly expiresAt: number;
}

/** Where this process looks for free slots of one window: numbers returned unused first, then `next`. */
interface Numbers {
  next: number;
  readonly spare: number[];
}

/** Slots are dropped once well past their window. */
const KEEP_MS = 120_000;

const windowKey = (keyId: string, w: RateWindow): string => `${keyId}|${w.window}|${w.start}`;

/**
 * The shared window counters of rate-limited keys, in the gateway's MongoDB. A request takes a free
 * slot of each of its windows with one ordered insert under unique `_id`s (on FerretDB the one atomic
 * write; an `$inc` there can lose a concurrent increment): no more slots than the limit can ever be
 * taken, by however many gateway processes. Each process hands out slot numbers so that its own
 * concurrent requests try different ones, and a number is given up only once its slot is seen taken:
 * a window is full only when every slot of it is.
 */
@Injectable()
export class RateWindowsRepository implements OnModuleInit, OnApplicationShutdown {
  private readonly log = new Logger('rate-limits');
  private readonly slots: Collection<SlotDoc>;
  private readonly numbers = new Map<string, Numbers>();
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

  /**
   * Takes a slot of every window, in order (one round trip when none is contended); answers the first
   * window found full (the request is refused), or null when the request holds a slot of each. A slot
   * taken before a later window is found full stays taken: that window refuses everything until it
   * ends, and the earlier one ends first.
   */
  async take(keyId: string, windows: readonly RateWindow[]): Promise<RateWindow | null> {
    let pending = windows;
    while (pending.length > 0) {
      const claimed: number[] = [];
      for (const w of pending) {
        const n = this.claim(windowKey(keyId, w));
        if (n > w.limit) {
          pending.forEach((p, i) => i < claimed.length && this.giveBack(windowKey(keyId, p), claimed[i]!));
          return w;
        }
        claimed.push(n);
      }
      const docs = pending.map((w, i) => ({ _id: `${windowKey(keyId, w)}|${claimed[i]}`, expiresAt: w.end + KEEP_MS }));
      try {
        await this.slots.insertMany(docs, { ordered: true });
        return null;
      } catch (error) {
        const taken = duplicateKeyIndexes(error);
        if (taken?.length !== 1) throw error;
        // Slots before the taken one are held; those after it were not tried: their numbers go back.
        const at = taken[0]!;
        for (let i = at + 1; i < pending.length; i++) this.giveBack(windowKey(keyId, pending[i]!), claimed[i]!);
        pending = pending.slice(at);
      }
    }
    return null;
  }

  private claim(key: string): number {
    let numbers = this.numbers.get(key);
    if (!numbers) this.numbers.set(key, (numbers = { next: 1, spare: [] }));
    if (numbers.spare.length > 0) {
      numbers.spare.sort((a, b) => a - b);
      return numbers.spare.shift()!;
    }
    return numbers.next++;
  }

  private giveBack(key: string, n: number): void {
    this.numbers.get(key)?.spare.push(n);
  }

  private async dropOld(): Promise<void> {
    const now = Date.now();
    for (const key of this.numbers.keys()) if (Number(key.split('|').at(-1)) < now - KEEP_MS) this.numbers.delete(key);
    try {
      await this.slots.deleteMany({ expiresAt: { $lt: now } });
    } catch (error) {
      this.log.warn({ msg: 'dropping old rate slots failed; the next sweep retries', error: (error as Error).message });
    }
  }
}
