import { Logger } from '@nestjs/common';
import type { Collection } from 'mongoose';
import { isDuplicateKey } from '@onescale/platform';

/** One generation of the lease: inserted once under a unique `_id`, never updated. */
export interface LeaseDoc {
  readonly _id: string;
  readonly name: string;
  readonly n: number;
  /** null for a release marker. */
  readonly holder: string | null;
  /** Wall-clock ms; 0 for a release marker. */
  readonly expiresAt: number;
  readonly at: number;
}

/** The run lost its lease (it stalled past expiry and another run took over): it must stop writing. */
export class LeaseLostError extends Error {
  constructor(name: string) {
    super(`the ${name} lease was lost`);
  }
}

const generationId = (name: string, n: number): string => `${name}#${String(n).padStart(12, '0')}`;

/** A held lease: renewed in the background until released; `assertHeld` guards every write. */
export class HeldLease {
  private timer: NodeJS.Timeout;
  private lost = false;
  private renewing: Promise<void> | null = null;

  constructor(
    private readonly lease: RunLease,
    readonly holder: string,
    private n: number,
    private validUntil: number,
  ) {
    this.timer = setInterval(
      () => {
        // One renewal at a time: two in flight would race for the same generation and lose to each other.
        this.renewing ??= this.renew().finally(() => (this.renewing = null));
      },
      Math.max(200, Math.floor(lease.ttlMs / 3)),
    );
    this.timer.unref();
  }

  /** Throws unless this holder still owns the lease with a safety margin before it expires. */
  assertHeld(): void {
    const margin = Math.min(5000, this.lease.ttlMs / 10);
    if (this.lost || this.lease.wallClock() > this.validUntil - margin) throw new LeaseLostError(this.lease.name);
  }

  private async renew(): Promise<void> {
    if (this.lost) return;
    const expiresAt = this.lease.wallClock() + this.lease.ttlMs;
    const won = await this.lease.insertGeneration(this.n + 1, this.holder, expiresAt).catch((error: Error) => {
      // MongoDB unreachable: keep the old expiry; assertHeld stops the run once it passes.
      this.lease.log.warn({ msg: 'lease renewal failed', error: error.message });
      return null;
    });
    if (won === null) return;
    if (!won) {
      this.lost = true;
      return;
    }
    this.n += 1;
    this.validUntil = expiresAt;
  }

  async release(): Promise<void> {
    clearInterval(this.timer);
    await this.renewing;
    if (this.lost) return;
    this.lost = true;
    // A release marker lets the next run start at once instead of waiting for expiry.
    await this.lease.insertGeneration(this.n + 1, null, 0).catch(() => false);
    await this.lease.prune(this.n - 10).catch(() => undefined);
  }
}

/**
 * A run lease built only on unique inserts (FerretDB makes no update atomic): generation n+1 is
 * claimed by inserting `<name>#<n+1>`; exactly one claimant wins each generation. The holder renews
 * by inserting the next generation before expiry; anyone may claim the next generation after it.
 * A holder that dies simply stops renewing, so its lease expires.
 */
export class RunLease {
  readonly log = new Logger('RunLease');

  constructor(
    private readonly collection: Collection<LeaseDoc>,
    readonly name: string,
    readonly ttlMs: number,
    readonly wallClock: () => number = Date.now,
  ) {}

  /** The lease, or null while another live holder has it. */
  async acquire(holder: string): Promise<HeldLease | null> {
    const [latest] = await this.collection.find({ name: this.name }).sort({ n: -1 }).limit(1).toArray();
    if (latest !== undefined && latest.expiresAt > this.wallClock()) return null;
    const n = (latest?.n ?? 0) + 1;
    const expiresAt = this.wallClock() + this.ttlMs;
    if (!(await this.insertGeneration(n, holder, expiresAt))) return null;
    return new HeldLease(this, holder, n, expiresAt);
  }

  /** When the current holder's lease runs out (0 when free). */
  async expiresAt(): Promise<number> {
    const [latest] = await this.collection.find({ name: this.name }).sort({ n: -1 }).limit(1).toArray();
    return latest?.expiresAt ?? 0;
  }

  /** True when this insert won generation n. */
  async insertGeneration(n: number, holder: string | null, expiresAt: number): Promise<boolean> {
    try {
      await this.collection.insertOne({ _id: generationId(this.name, n), name: this.name, n, holder, expiresAt, at: this.wallClock() });
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  async prune(belowN: number): Promise<void> {
    if (belowN > 0) await this.collection.deleteMany({ name: this.name, n: { $lt: belowN } });
  }
}
