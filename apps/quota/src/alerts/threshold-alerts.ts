import { Injectable, Logger } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import type { Connection } from 'mongoose';
import type { Collection } from 'mongodb';
import { TOPICS, makeEvent, type QuotaThresholdCrossedData, type ThresholdLevel, type UsageMetric } from '@onescale/ontology';
import { EventPublisher, InjectMongo, deterministicUuidv7, isDuplicateKey } from '@onescale/platform';
import { thresholdCrossingsTotal } from '../quota.metrics';

interface AlertDoc extends QuotaThresholdCrossedData {
  /** `<root>|<metric>|<periodStart>|<level>`: the unique index makes each alert happen once. */
  _id: string;
  rootGroupId: string;
  createdAt: number;
  /** Outbox flag: false until the event is on the topic. */
  published: boolean;
}

/** An alert left unpublished this long is republished by the periodic job (the inline publish died). */
const REPUBLISH_AFTER_MS = 10_000;

/**
 * `quota_threshold_crossed`, once per (root group, metric, period, level): the alert is claimed with a
 * unique insert, then published; a crash between the two is repaired by the periodic republish. The
 * event id derives from the alert id, so a consumer can drop a rare second copy.
 */
@Injectable()
export class ThresholdAlerts {
  private readonly logger = new Logger('alerts');
  private readonly alerts: Collection<AlertDoc>;
  /** Alerts known to exist, so a counter that stays high does not insert again on every batch. */
  private readonly known = new Set<string>();

  constructor(
    @InjectMongo() connection: Connection,
    private readonly publisher: EventPublisher,
  ) {
    this.alerts = connection.db!.collection<AlertDoc>('threshold_alerts');
  }

  @Interval(15_000)
  async republish(): Promise<void> {
    try {
      const stale = await this.alerts.find({ published: false, createdAt: { $lt: Date.now() - REPUBLISH_AFTER_MS } }).toArray();
      for (const alert of stale) await this.publish(alert);
    } catch (error) {
      this.logger.warn({ msg: 'republishing threshold alerts failed; next run retries', error: (error as Error).message });
    }
  }

  /**
   * Raises a level the counter has reached in its period, unless it was raised before. Called after
   * every batch, also a redelivered one, so an alert lost to a crash is raised on the retry.
   */
  async raise(
    rootGroupId: string,
    metric: UsageMetric,
    periodStart: number,
    level: ThresholdLevel,
    current: number,
    limit: number,
  ): Promise<void> {
    const a = { rootGroupId, metric, periodStart, level, current, limit };
    const id = `${a.rootGroupId}|${a.metric}|${a.periodStart}|${a.level}`;
    if (this.known.has(id)) return;
    const alert: AlertDoc = {
      _id: id,
      rootGroupId: a.rootGroupId,
      metric: a.metric,
      level: a.level,
      current: a.current,
      limit: a.limit,
      periodStart: a.periodStart,
      createdAt: Date.now(),
      published: false,
    };
    try {
      await this.alerts.insertOne(alert);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      this.known.add(id);
      return;
    }
    this.known.add(id);
    thresholdCrossingsTotal.inc({ metric: a.metric, level: a.level });
    this.logger.log({ msg: 'quota threshold crossed', alert: id, current: a.current, limit: a.limit });
    await this.publish(alert).catch((error: Error) =>
      this.logger.warn({ msg: 'publishing a threshold alert failed; the periodic republish retries', alert: id, error: error.message }),
    );
  }

  private async publish(alert: AlertDoc): Promise<void> {
    const { metric, level, current, limit, periodStart } = alert;
    const envelope = makeEvent(
      'quota_threshold_crossed',
      {
        id: deterministicUuidv7(alert._id, alert.createdAt),
        groupId: alert.rootGroupId,
        rootGroupId: alert.rootGroupId,
        timestamp: alert.createdAt,
      },
      { metric, level, current, limit, periodStart },
    );
    await this.publisher.publish(TOPICS.events, [envelope]);
    await this.alerts.updateOne({ _id: alert._id }, { $set: { published: true } });
  }
}
