import { Injectable } from '@nestjs/common';
import { makeEvent, voidableEvent, type Clock, type Group } from '@onescale/ontology';
import { isDuplicateKey, ProblemException, problemToException, uuidv7 } from '@onescale/platform';
import type { VoidResultDto } from '@onescale/api';
import { InjectClock } from '../composition';
import { Outbox } from '../outbox/outbox';
import type { BatchRecord, VoidRecord } from '../store/records';
import { WriteModel } from '../store/write-model';
import { EventLookup } from './event-lookup';

/**
 * POST …/events/:eventId/void (SPEC §7). The `event_voided` carries the voided event whole, read
 * here from the hot store or the archive, so no projection ever needs the event back: not when it
 * is archived, not in a rebuild. The void record (one per voided event) makes a second void a
 * no-op that answers as the first did.
 */
@Injectable()
export class VoidEventService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    private readonly lookup: EventLookup,
    @InjectClock() private readonly now: Clock,
  ) {}

  async void(group: Group, eventId: string, reason: string): Promise<VoidResultDto> {
    const row = (await this.model.voids.findOne({ _id: eventId })) ?? (await this.claim(group, eventId, reason));
    if (row.groupId !== group.id) throw new ProblemException(404, 'event_not_found', `event ${eventId} not found in this group`);
    const position = row.position ?? (await this.publish(group, row));
    return { eventId, voided: true, position };
  }

  /** The void record of a new void; when a concurrent void of the same event got there first, that one's. */
  private async claim(group: Group, eventId: string, reason: string): Promise<VoidRecord> {
    const found = voidableEvent(await this.lookup.find(group.id, eventId), group.id, eventId);
    if (!found.ok) throw problemToException(found.problem, found.problem.code === 'event_not_found' ? 404 : 409);
    const at = this.now();
    const event = makeEvent(
      'event_voided',
      { id: uuidv7(at), groupId: group.id, rootGroupId: group.rootGroupId, timestamp: at },
      { eventId, reason, voided: found.value },
    );
    const row: VoidRecord = { _id: eventId, groupId: group.id, batchId: uuidv7(at), at, event: JSON.stringify(event), position: null };
    try {
      await this.model.voids.insertOne(row);
      return row;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const first = await this.model.voids.findOne({ _id: eventId });
      if (first === null) throw error;
      return first;
    }
  }

  /**
   * Publishes the record's one event through the outbox (the relay finishes it after a crash or a
   * broker outage). Publishing it again, after a crash or from a concurrent void, repeats the same
   * event id, which every consumer keeps once.
   */
  private async publish(group: Group, row: VoidRecord): Promise<number | null> {
    const record: BatchRecord = {
      _id: row.batchId,
      kind: 'events',
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: row.at,
      itemIds: [],
      events: `[${row.event}]`,
      reservations: [],
    };
    await this.outbox.open(record);
    const position = await this.outbox.tryPublish(record);
    if (position !== null) await this.model.voids.updateOne({ _id: row._id }, { $set: { position } });
    return position;
  }
}
