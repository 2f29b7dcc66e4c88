import { Injectable } from '@nestjs/common';
import {
  actorNotFound,
  batchResult,
  lookupIds,
  makeEvent,
  targetNotFound,
  validateClientEvent,
  type BatchResult,
  type Clock,
  type Composition,
  type ClientEventEnvelope,
  type Group,
  type ItemOutcome,
} from '@onescale/ontology';
import type { EventsBatchDto } from '@onescale/api';
import { InjectClock, InjectComposition } from '../composition';
import type { RequestIds } from '../idempotency/idempotency';
import { Outbox } from '../outbox/outbox';
import type { ThingRow } from '../store/rows';
import { WriteModel } from '../store/write-model';
import { findByIds } from '@onescale/platform';

const live = (row: ThingRow | undefined, groupId: string): row is ThingRow =>
  row !== undefined && row.groupId === groupId && (row.deletedAt === undefined || row.deletedAt === null);

/** POST events/batch: client events (never platform types), backdated ones of any age included. */
@Injectable()
export class EventsBatchService {
  constructor(
    private readonly model: WriteModel,
    private readonly outbox: Outbox,
    @InjectComposition() private readonly composition: Composition,
    @InjectClock() private readonly now: Clock,
  ) {}

  async record(group: Group, body: EventsBatchDto, ids: RequestIds): Promise<BatchResult> {
    const things = await findByIds(this.model.things, lookupIds(body.events, ['actorId', 'targetId']));
    const now = this.now();
    const outcomes: ItemOutcome[] = [];
    const envelopes: ClientEventEnvelope[] = [];
    body.events.forEach((item, index) => {
      const valid = validateClientEvent(item, { composition: this.composition, now });
      if (!valid.ok) return void (outcomes[index] = { problem: valid.problem });
      const event = valid.value;
      const actor = event.actorId ? things.get(event.actorId) : undefined;
      const target = event.targetId ? things.get(event.targetId) : undefined;
      if (event.actorId && !live(actor, group.id)) return void (outcomes[index] = { problem: actorNotFound(event.actorId) });
      if (event.targetId && !live(target, group.id)) return void (outcomes[index] = { problem: targetNotFound(event.targetId) });
      const id = ids.id('event', index);
      const { type, actorId, targetId, timestamp, metadata } = event;
      envelopes.push(
        makeEvent(
          type,
          { id, groupId: group.id, rootGroupId: group.rootGroupId, actorId, targetId, timestamp, recordedAt: ids.at },
          { metadata, ...(actor ? { actorType: actor.type } : {}), ...(target ? { targetType: target.type } : {}) },
        ),
      );
      outcomes[index] = { id };
    });
    if (envelopes.length === 0) return batchResult(outcomes, null);
    const record = {
      _id: ids.batchId,
      kind: 'events' as const,
      groupId: group.id,
      rootGroupId: group.rootGroupId,
      createdAt: ids.at,
      itemIds: [],
      events: JSON.stringify(envelopes),
      reservations: [],
    };
    await this.outbox.open(record);
    return batchResult(outcomes, await this.outbox.tryPublish(record));
  }
}
