import { Controller, Get, Param } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DayLedger, envelopeOf, HotEventStore, ProblemException } from '@onescale/platform';
import type { EventEnvelope } from '../ontology';

/**
 * METRICS_ROUTES.hotEvent: one hot event of a group by id, for ingest's voids. It looks only in the
 * days the group's ledger names, so the cost follows that group's days; another group's event is
 * not found.
 */
@ApiExcludeController()
@Controller('internal/groups/:groupId/events')
export class InternalEventsController {
  constructor(
    private readonly store: HotEventStore,
    private readonly ledger: DayLedger,
  ) {}

  @Get(':eventId')
  async event(@Param('groupId') groupId: string, @Param('eventId') eventId: string): Promise<EventEnvelope> {
    const days = (await this.ledger.ofGroup(groupId)).map((d) => d.day);
    const doc = await this.store.find(eventId, days);
    if (doc === null || doc.groupId !== groupId) {
      throw new ProblemException(404, 'event_not_found', `event ${eventId} is not in the hot store of group ${groupId}`);
    }
    return envelopeOf(doc);
  }
}
