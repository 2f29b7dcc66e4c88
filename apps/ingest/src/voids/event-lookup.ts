import { Injectable } from '@nestjs/common';
import { ARCHIVER_ROUTES, decodeStoredEvent, METRICS_ROUTES, type EventEnvelope } from '@onescale/ontology';
import { InternalCallError, InternalClient, ndjsonLines, ProblemException } from '@onescale/platform';
import { IngestConfig } from '../ingest.config';

/**
 * Metrics' answer that the group's latest writes are not in its hot store yet (so "not found" would
 * not be true), passed on as it came: 503 `projection_behind` with its lag and Retry-After.
 */
const behind = (error: unknown): ProblemException | null => {
  if (!(error instanceof InternalCallError)) return null;
  const answer = error.facts.answer as { code?: unknown; detail?: unknown; lag?: unknown } | undefined;
  if (error.facts.status !== 503 || answer?.code !== 'projection_behind') return null;
  return new ProblemException(
    503,
    'projection_behind',
    typeof answer.detail === 'string' ? answer.detail : 'the hot store has not caught up with this group; retry shortly',
    undefined,
    { lag: typeof answer.lag === 'number' ? answer.lag : null },
    { 'retry-after': String(error.facts.retryAfterSeconds ?? 1) },
  );
};

/**
 * Finds a group's event wherever it lives: the hot store (metrics, a lookup per day of the group),
 * then the archive (the archiver streams the group's archived events; the cost follows that group's
 * archive, paid once per void). What comes back is decoded like any consumed event.
 */
@Injectable()
export class EventLookup {
  private readonly metrics: InternalClient;
  private readonly archiver: InternalClient;

  constructor(config: IngestConfig) {
    const common = { token: config.INTERNAL_TOKEN, timeoutMs: 10_000 };
    this.metrics = new InternalClient({ app: 'metrics', baseUrl: config.METRICS_URL, ...common });
    this.archiver = new InternalClient({ app: 'archiver', baseUrl: config.ARCHIVER_URL, ...common });
  }

  async find(groupId: string, eventId: string): Promise<EventEnvelope | null> {
    const hot = await this.metrics.call(METRICS_ROUTES.hotEvent, { params: { groupId, eventId } }).catch((error: unknown) => {
      throw behind(error) ?? error;
    });
    if (hot !== null) return decodeStoredEvent(hot);
    const archived = await this.archiver.stream(ARCHIVER_ROUTES.events, { params: { groupId } });
    if (archived === null) return null;
    const quoted = JSON.stringify(eventId);
    for await (const line of ndjsonLines(archived)) {
      // most lines are other events: parse only the one that names the id
      if (!line.includes(quoted)) continue;
      const event = decodeStoredEvent(JSON.parse(line));
      if (event.id === eventId) return event;
    }
    return null;
  }
}
