import { Injectable, Logger } from '@nestjs/common';
import { QUOTA_ROUTES } from '@onescale/ontology';
import { Upstreams } from '../proxy/upstreams';
import { ApiCallMeter, type Admission } from './api-call-meter';

/**
 * Admission of api calls against the monthly limit. What quota says (`GET /internal/api-calls/:root`)
 * is read once before a root group's first call, then refreshed in the background; if quota cannot
 * answer, calls are admitted (and still counted) rather than refused.
 */
@Injectable()
export class ApiCallQuota {
  private readonly log = new Logger('metering');
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(
    readonly meter: ApiCallMeter,
    private readonly upstreams: Upstreams,
  ) {}

  async admit(rootGroupId: string): Promise<Admission> {
    const need = this.meter.need(rootGroupId);
    if (need === 'missing') await this.read(rootGroupId);
    else if (need === 'stale') void this.read(rootGroupId);
    return this.meter.admit(rootGroupId);
  }

  /** After a counter reset or a plan change: the next call reads quota again before it is decided. */
  invalidate(rootGroupId: string): void {
    this.meter.invalidate(rootGroupId);
  }

  private read(rootGroupId: string): Promise<void> {
    let pending = this.inFlight.get(rootGroupId);
    if (!pending) {
      pending = this.fetch(rootGroupId).finally(() => this.inFlight.delete(rootGroupId));
      this.inFlight.set(rootGroupId, pending);
    }
    return pending;
  }

  private async fetch(rootGroupId: string): Promise<void> {
    try {
      const reading = await this.upstreams.get('quota').internal.call(QUOTA_ROUTES.apiCalls, { params: { rootGroupId }, timeoutMs: 2000 });
      return this.meter.applyReading(rootGroupId, reading);
    } catch (error) {
      this.log.warn({
        msg: 'quota gave no api-call reading; admitting without a limit for now',
        rootGroupId,
        error: (error as Error).message,
      });
    }
    this.meter.readingFailed(rootGroupId);
  }
}
