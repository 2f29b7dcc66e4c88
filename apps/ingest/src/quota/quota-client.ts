import { Injectable } from '@nestjs/common';
import { INTERNAL_HEADERS, type Group, type ReserveRequest, type ReserveResponse, type UsageMetric } from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';
import { IngestConfig } from '../ingest.config';

/** Asks quota for allowance before items are admitted (SPEC §3: per item, atomically). */
export abstract class QuotaReservations {
  abstract reserve(group: Group, reservationId: string, metric: UsageMetric, amount: number): Promise<ReserveResponse>;
}

const TIMEOUT_MS = 5000;

/** The quota service over HTTP. When it cannot answer, nothing is written and the client retries. */
@Injectable()
export class HttpQuotaReservations extends QuotaReservations {
  constructor(private readonly config: IngestConfig) {
    super();
  }

  async reserve(group: Group, reservationId: string, metric: UsageMetric, amount: number): Promise<ReserveResponse> {
    const body: ReserveRequest = { reservationId, groupId: group.id, rootGroupId: group.rootGroupId, metric, amount };
    let response: Response;
    try {
      response = await fetch(`${this.config.QUOTA_URL}/internal/reservations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [INTERNAL_HEADERS.token]: this.config.INTERNAL_TOKEN },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw unavailable(`quota did not answer: ${(error as Error).message}`);
    }
    if (!response.ok) throw unavailable(`quota answered ${response.status}: ${(await response.text()).slice(0, 200)}`);
    return (await response.json()) as ReserveResponse;
  }
}

const unavailable = (detail: string): ProblemException =>
  new ProblemException(503, 'quota_unavailable', `quota limits cannot be checked right now, nothing was written (${detail})`, undefined, {}, { 'Retry-After': '2' });
