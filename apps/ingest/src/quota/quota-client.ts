import { Injectable } from '@nestjs/common';
import { QUOTA_ROUTES, type Group, type ReserveResponse, type UsageMetric } from '@onescale/ontology';
import { InternalClient } from '@onescale/platform';
import { IngestConfig } from '../ingest.config';

/** Asks quota for allowance before items are admitted (SPEC §3: per item, atomically). */
export abstract class QuotaReservations {
  abstract reserve(group: Group, reservationId: string, metric: UsageMetric, amount: number): Promise<ReserveResponse>;
}

/**
 * The quota service over HTTP. When it cannot answer, nothing is written: the InternalCallError
 * becomes a 503 quota_unavailable with Retry-After, and the client retries with the same key.
 */
@Injectable()
export class HttpQuotaReservations extends QuotaReservations {
  private readonly quota: InternalClient;

  constructor(config: IngestConfig) {
    super();
    this.quota = new InternalClient({ app: 'quota', baseUrl: config.QUOTA_URL, token: config.INTERNAL_TOKEN, timeoutMs: 5000 });
  }

  reserve(group: Group, reservationId: string, metric: UsageMetric, amount: number): Promise<ReserveResponse> {
    return this.quota.call(QUOTA_ROUTES.reserve, {
      body: { reservationId, groupId: group.id, rootGroupId: group.rootGroupId, metric, amount },
    });
  }
}
