import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ProblemException } from '@onescale/platform';
import { GatewayConfig } from '../gateway.config';

/**
 * At most a few writes of one key in flight at once (SPEC §2 "Isolation"): a tenant firing batches
 * in parallel queues behind its own writes instead of filling ingest's connections for everyone.
 */
@Injectable()
export class WriteSlots {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly config: GatewayConfig) {}

  /** Holds a slot of the key until the response is done (sent or abandoned); false when none is free. */
  take(keyId: string, res: Response): boolean {
    const taken = this.inFlight.get(keyId) ?? 0;
    if (taken >= this.config.MAX_WRITES_IN_FLIGHT) return false;
    this.inFlight.set(keyId, taken + 1);
    res.once('close', () => {
      const left = (this.inFlight.get(keyId) ?? 1) - 1;
      if (left > 0) this.inFlight.set(keyId, left);
      else this.inFlight.delete(keyId);
    });
    return true;
  }

  busy(): ProblemException {
    const max = this.config.MAX_WRITES_IN_FLIGHT;
    return new ProblemException(
      429,
      'too_many_writes_in_flight',
      `this key already has ${max} writes in flight; wait for one to finish`,
      undefined,
      { limit: max },
      { 'Retry-After': '1' },
    );
  }
}
