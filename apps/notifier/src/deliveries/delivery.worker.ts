import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { afterFailure, shouldDisable } from '@onescale/ontology';
import { EndpointRepository, type EndpointDoc } from '../endpoints/endpoint.repository';
import { NotifierConfig } from '../notifier.config';
import { attemptSeconds, attemptsTotal, deliveriesTotal, endpointsDisabledTotal, countPendingWith } from '../notifier.metrics';
import { DeliveryRepository, LOG_ENTRIES, type AttemptEntry, type DeliveryDoc } from './delivery.repository';
import { SIGNATURE_HEADER, signature } from './signature';
import { sendWebhook } from './webhook-sender';

/** Time kept beyond an attempt's timeout before another worker may take the delivery over. */
const LEASE_MARGIN_MS = 5_000;
const DAY_MS = 86_400_000;

/**
 * Sends due deliveries from the outbox: claims each with a lease (so two notifier processes never
 * send the same attempt at once), signs and POSTs its body, records the attempt, and schedules the
 * retry or settles it. A crash mid-attempt leaves the lease to expire: the delivery is sent again
 * with the same id (at least once).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(DeliveryWorker.name);
  private readonly owner = randomUUID();
  private readonly inflight = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private pruner: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly config: NotifierConfig,
    private readonly deliveries: DeliveryRepository,
    private readonly endpoints: EndpointRepository,
  ) {}

  onApplicationBootstrap(): void {
    countPendingWith(() => this.deliveries.pendingCount());
    this.pruner = setInterval(() => {
      const now = Date.now();
      Promise.all([
        this.deliveries.pruneLeases(now - DAY_MS),
        this.deliveries.pruneSettled(now - this.config.DELIVERY_LOG_DAYS * DAY_MS),
      ]).catch((error: unknown) => this.log.warn({ msg: 'pruning attempt leases or settled deliveries failed', error: String(error) }));
    }, DAY_MS);
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.pruner) clearInterval(this.pruner);
    await this.running;
    await Promise.all(this.inflight);
  }

  /** New deliveries were recorded: look now rather than at the next poll. */
  wake(): void {
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.sweep().finally(() => {
        this.running = null;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.config.WORKER_POLL_MS);
      });
    }, delayMs);
  }

  /** Claims and starts due deliveries while any are due and a slot is free. */
  private async sweep(): Promise<void> {
    try {
      while (!this.stopped) {
        const due = await this.deliveries.due(Date.now(), this.config.DELIVERY_CONCURRENCY * 2);
        if (due.length === 0) return;
        for (const delivery of due) {
          while (this.inflight.size >= this.config.DELIVERY_CONCURRENCY) await Promise.race(this.inflight);
          if (this.stopped) return;
          const now = Date.now();
          const claimed = await this.deliveries.claim(delivery, this.owner, now, now + this.config.DELIVERY_TIMEOUT_MS + LEASE_MARGIN_MS);
          if (claimed === null) continue; // another worker took it
          const task: Promise<void> = this.attempt(claimed).finally(() => this.inflight.delete(task));
          this.inflight.add(task);
        }
      }
    } catch (error) {
      this.log.error({ msg: 'claiming due deliveries failed; retried at the next poll', error: String(error) });
    }
  }

  private async attempt(delivery: DeliveryDoc): Promise<void> {
    try {
      const endpoint = await this.endpoints.byId(delivery.endpointId);
      if (endpoint === null || endpoint.status !== 'active') {
        const reason = endpoint === null ? 'endpoint removed' : 'endpoint disabled';
        await this.record(delivery, { at: Date.now(), status: null, error: reason, durationMs: 0 }, 'failed', undefined, false);
        return;
      }
      const outcome = await this.send(endpoint, delivery);
      await this.settle(endpoint, delivery, outcome);
    } catch (error) {
      // The lease expires and the delivery is tried again: nothing is lost, it may be sent twice.
      this.log.error({ msg: 'a delivery attempt could not be recorded', deliveryId: delivery._id, error: String(error) });
    }
  }

  private async send(endpoint: EndpointDoc, delivery: DeliveryDoc): Promise<AttemptEntry> {
    const at = Date.now();
    const headers = {
      [SIGNATURE_HEADER]: signature(endpoint.secret, delivery.body, Math.floor(at / 1000)),
      'Onescale-Delivery-Id': delivery._id,
    };
    const outcome = await sendWebhook(endpoint.url, delivery.body, headers, this.config.DELIVERY_TIMEOUT_MS);
    attemptSeconds.observe(outcome.durationMs / 1000);
    return { at, ...outcome };
  }

  private async settle(endpoint: EndpointDoc, delivery: DeliveryDoc, entry: AttemptEntry): Promise<void> {
    const policy = this.config.retryPolicy;
    if (entry.status !== null && entry.status >= 200 && entry.status < 300) {
      attemptsTotal.inc({ outcome: 'delivered' });
      await this.record(delivery, entry, 'delivered');
      await this.endpoints.delivered(endpoint._id);
      return;
    }
    attemptsTotal.inc({ outcome: 'failed' });
    const next = afterFailure(delivery.createdAt, delivery.attempts + 1, Date.now(), Math.random(), policy);
    const gaveUp = 'giveUp' in next;
    await this.record(delivery, entry, gaveUp ? 'failed' : 'pending', gaveUp ? undefined : next.retryAt);
    const failures = await this.endpoints.failed(endpoint._id);
    if (shouldDisable(failures, gaveUp, policy) && (await this.endpoints.disable(endpoint._id, Date.now()))) {
      endpointsDisabledTotal.inc();
      this.log.warn({
        msg: 'webhook endpoint disabled: its deliveries kept failing',
        endpointId: endpoint._id,
        groupId: endpoint.groupId,
        failures,
      });
    }
  }

  /** Records an attempt (or, for an endpoint gone or disabled, the end without one). */
  private async record(
    delivery: DeliveryDoc,
    entry: AttemptEntry,
    status: DeliveryDoc['status'],
    retryAt?: number,
    sent = true,
  ): Promise<void> {
    const recorded = await this.deliveries.settle(delivery, {
      status,
      attempts: delivery.attempts + (sent ? 1 : 0),
      lastResponseStatus: sent ? entry.status : delivery.lastResponseStatus,
      nextAttemptAt: retryAt ?? delivery.nextAttemptAt,
      log: [...delivery.log, entry].slice(-LOG_ENTRIES),
    });
    if (recorded && status !== 'pending') deliveriesTotal.inc({ outcome: status });
    if (!recorded)
      this.log.warn({
        msg: 'an attempt was not recorded: the delivery was removed, or its lease passed to another worker',
        deliveryId: delivery._id,
      });
  }
}
