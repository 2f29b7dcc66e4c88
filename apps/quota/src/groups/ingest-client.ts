import { Injectable } from '@nestjs/common';
import { INTERNAL_HEADERS, type Group } from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';
import { QuotaConfig } from '../quota.config';

const TIMEOUT_MS = 3000;

/** What ingest counts live for a root group (its sub-groups included): the audit's independent recount. */
export interface LiveCounts {
  readonly entities_total: number;
  readonly users: number;
  readonly connections_total: number;
  readonly storage_bytes: number;
}

/** Ingest's internal routes that quota reads: groups it has not seen yet, and live recounts. */
@Injectable()
export class IngestClient {
  constructor(private readonly config: QuotaConfig) {}

  /** The group, or null when ingest does not know it. */
  group(groupId: string): Promise<Group | null> {
    return this.get<Group>(`/internal/groups/${encodeURIComponent(groupId)}`);
  }

  counts(rootGroupId: string): Promise<LiveCounts | null> {
    return this.get<LiveCounts>(`/internal/groups/${encodeURIComponent(rootGroupId)}/counts`);
  }

  private async get<T>(path: string): Promise<T | null> {
    let response: Response;
    try {
      response = await fetch(`${this.config.INGEST_URL}${path}`, {
        headers: { [INTERNAL_HEADERS.token]: this.config.INTERNAL_TOKEN },
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw unavailable(`ingest did not answer: ${(error as Error).message}`);
    }
    if (response.status === 404) return null;
    if (!response.ok) throw unavailable(`ingest answered ${response.status}`);
    return (await response.json()) as T;
  }
}

const unavailable = (detail: string): ProblemException =>
  new ProblemException(503, 'ingest_unavailable', `group details cannot be read right now (${detail})`, undefined, {}, { 'Retry-After': '2' });
