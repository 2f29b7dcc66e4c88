import { Injectable, Logger } from '@nestjs/common';
import { Upstreams } from '../proxy/upstreams';
import { ApiCallMeter, type Admission, type ApiCallReading } from './api-call-meter';

const isReading = (body: unknown): body is ApiCallReading =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as ApiCallReading).used === 'number' &&
  ((body as ApiCallReading).limit === null || typeof (body as ApiCallReading).limit === 'number') &&
  typeof (body as ApiCallReading).resetAt === 'number';

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
      const { status, body } = await this.upstreams.json<unknown>('quota', 'GET', `/internal/api-calls/${encodeURIComponent(rootGroupId)}`, 2000);
      if (status === 200 && isReading(body)) return this.meter.applyReading(rootGroupId, body);
      this.log.warn({ msg: 'quota gave no api-call reading; admitting without a limit for now', rootGroupId, status });
    } catch (error) {
      this.log.warn({ msg: 'quota unreachable; admitting without a limit for now', rootGroupId, error: (error as Error).message });
    }
    this.meter.readingFailed(rootGroupId);
  }
}
