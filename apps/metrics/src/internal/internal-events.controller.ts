import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DayLedger, envelopeOf, HotEventStore, ProblemException } from '@onescale/platform';
import type { EventEnvelope } from '../ontology';
import { Freshness } from '../read/freshness';
import { ReadModels } from '../read/read-models';

/** Retry-After of a lookup that gave up waiting (seconds): longer than the internal client retries on its own. */
const BEHIND_RETRY_AFTER_S = 2;

/**
 * METRICS_ROUTES.hotEvent: one hot event of a group by id, for ingest's voids. It looks only in the
 * days the group's ledger names, so the cost follows that group's days; another group's event is
 * not found. An event not found while the group's partition still has records the projector has not
 * applied may be one of them: the lookup waits for them (READ_WAIT_MS) and looks again, and answers
 * 503 `projection_behind` with Retry-After if they are still not applied; 404 only once they are.
 */
@ApiExcludeController()
@Controller('internal/groups/:groupId/events')
export class InternalEventsController {
  constructor(
    private readonly store: HotEventStore,
    private readonly ledger: DayLedger,
    private readonly freshness: Freshness,
    private readonly models: ReadModels,
  ) {}

  @Get(':eventId')
  async event(@Param('groupId') groupId: string, @Param('eventId') eventId: string): Promise<EventEnvelope> {
    const found = await this.find(groupId, eventId);
    if (found !== null) return found;
    const partitionOf = async () => (await this.models.group(groupId))?.partition;
    if (!(await this.freshness.caughtUp(partitionOf))) {
      const { lag } = await this.freshness.behind(await partitionOf());
      throw new ProblemException(
        503,
        'projection_behind',
        `the hot store has not caught up with the writes of group ${groupId}${lag === null ? '' : ` (${lag} records behind)`}; retry shortly`,
        undefined,
        { lag },
        { 'retry-after': String(BEHIND_RETRY_AFTER_S) },
      );
    }
    const late = await this.find(groupId, eventId);
    if (late !== null) return late;
    throw new ProblemException(404, 'event_not_found', `event ${eventId} is not in the hot store of group ${groupId}`);
  }

  private async find(groupId: string, eventId: string): Promise<EventEnvelope | null> {
    const days = (await this.ledger.ofGroup(groupId)).map((d) => d.day);
    const doc = await this.store.find(eventId, days);
    return doc === null || doc.groupId !== groupId ? null : envelopeOf(doc);
  }
}
