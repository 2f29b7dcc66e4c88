import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { TOPICS, isNotificationType, type EventEnvelope, type NotificationBody, type NotificationType } from '@onescale/ontology';
import { deterministicUuidv7, type BatchOutcome, type TopicBatch } from '@onescale/platform';
import { EndpointRepository, type EndpointDoc } from '../endpoints/endpoint.repository';
import { DeliveryRepository, type DeliveryDoc } from './delivery.repository';
import { DeliveryWorker } from './delivery.worker';

/** The consumer's transport (its own KafkaBatchServer, consumer group `notifier.deliveries`). */
export const NOTIFICATIONS_TRANSPORT = Symbol('notifier.deliveries');

type Notification = EventEnvelope & { readonly type: NotificationType };

/**
 * Turns each notification event (quota thresholds, archival outcomes) into one delivery per
 * subscribed endpoint of its group, recorded in the outbox before the offset is committed: a crash
 * after that loses nothing, a redelivered event derives the same delivery ids and adds nothing.
 * An endpoint hears of events raised after it was registered, not of the topic's history.
 */
@Controller()
export class NotificationsConsumer {
  constructor(
    private readonly endpoints: EndpointRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly worker: DeliveryWorker,
  ) {}

  @EventPattern(TOPICS.events.name, NOTIFICATIONS_TRANSPORT)
  async onEvents(@Payload() batch: TopicBatch<typeof TOPICS.events>): Promise<BatchOutcome> {
    const notifications = batch.events.map((e) => e.envelope).filter((e): e is Notification => isNotificationType(e.type));
    if (notifications.length === 0) return {};
    const docs: DeliveryDoc[] = [];
    const ofGroup = new Map<string, EndpointDoc[]>();
    const now = Date.now();
    for (const event of notifications) {
      let endpoints = ofGroup.get(event.groupId);
      if (endpoints === undefined) ofGroup.set(event.groupId, (endpoints = await this.endpoints.ofGroup(event.groupId)));
      for (const endpoint of endpoints) {
        if (endpoint.status !== 'active' || !endpoint.events.includes(event.type) || endpoint.createdAt > event.recordedAt) continue;
        docs.push(deliveryOf(event, endpoint._id, now));
      }
    }
    await this.deliveries.record(docs);
    if (docs.length > 0) this.worker.wake();
    return {};
  }
}

/**
 * The delivery of `event` to one endpoint; its id (time-ordered by the event) is the body's `id`.
 * Its 24 h of retries count from when it was recorded here.
 */
const deliveryOf = (event: Notification, endpointId: string, now: number): DeliveryDoc => {
  const id = deterministicUuidv7(`notification:${event.id}:${endpointId}`, event.recordedAt);
  const body: NotificationBody = { id, type: event.type, groupId: event.groupId, createdAt: event.timestamp, data: event.data };
  return {
    _id: id,
    endpointId,
    groupId: event.groupId,
    type: event.type,
    body: JSON.stringify(body),
    status: 'pending',
    attempts: 0,
    lastResponseStatus: null,
    createdAt: now,
    nextAttemptAt: 0,
    leaseUntil: 0,
    leaseOwner: null,
    log: [],
  };
};
