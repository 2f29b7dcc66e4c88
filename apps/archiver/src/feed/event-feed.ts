import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import {
  feedEventOf,
  mergeFeedDay,
  utcDay,
  type EventEnvelope,
  type FeedEvent,
  type FeedFilter,
  type FeedOrder,
  type FeedPosition,
} from '@onescale/ontology';
import { DayLedger, HotEventStore, envelopeOf, hotDayOf, hotDayStart, type HotDay, type LedgerDay } from '@onescale/platform';
import { Manifests, type ManifestDoc } from '../archive/manifests';
import { ArchiveReader, type Page } from '../reading/archive-reader';
import { encodeFeedCursor } from './feed-cursor';

/** One page of a group's feed: where it starts and how long it is. */
export interface FeedRequest {
  readonly groupId: string;
  readonly filter: FeedFilter;
  readonly order: FeedOrder;
  readonly limit: number;
  readonly after?: FeedPosition;
}

/**
 * A group's events as one feed over the hot store and the archive (SPEC §7), served by the archiver
 * because it alone knows both tiers and moves events between them. The feed walks UTC days (the hot
 * store's partitions and the archive objects' unit) in its order; each day is read from the hot store
 * first and from the archive after, so an event moved in between (verified object, then hot delete)
 * is found in one or the other, and one found in both counts once. A page ends after the day that
 * fills it; the cursor is the last event's (time, id), not a place in a tier, so a page never
 * repeats or skips an event that changed tier between pages.
 */
@Injectable()
export class EventFeed {
  /**
   * A group's hot events of a day, by the ledger's count of them: a hot day is one partition shared
   * by every group, read whole (FerretDB filters by scanning), so the pages of a feed read it once.
   * A new event changes the count; an event archived meanwhile is found in the archive too and counts once.
   */
  private readonly hotDays = new LRUCache<string, EventEnvelope[]>({ max: 512, maxSize: 200_000, sizeCalculation: (v) => v.length + 1 });

  constructor(
    private readonly hot: HotEventStore,
    private readonly ledger: DayLedger,
    private readonly manifests: Manifests,
    private readonly reader: ArchiveReader,
  ) {}

  async page(request: FeedRequest): Promise<Page<FeedEvent>> {
    const { groupId, filter, order, limit, after } = request;
    const found: EventEnvelope[] = [];
    const ledger = new Map((await this.ledger.ofGroup(groupId)).map((d) => [d.day, d]));
    for (const day of await this.days(request, ledger)) {
      const hot = await this.hotOf(groupId, day, ledger.get(day));
      const archived = await this.archivedOf(groupId, day, request);
      found.push(...mergeFeedDay([hot, archived], filter, order, after));
      if (found.length > limit) break;
    }
    const items = found.slice(0, limit);
    const hasMore = found.length > limit;
    const last = items[items.length - 1];
    return {
      items: items.map(feedEventOf),
      nextCursor: hasMore && last !== undefined ? encodeFeedCursor({ groupId, order, filter, after: last }) : null,
      hasMore,
    };
  }

  /**
   * The days that may hold the group's events within the range and after the position, in feed
   * order: the ledger's days (it counts every event the hot store took) and the archive's.
   */
  private async days({ groupId, filter, order, after }: FeedRequest, ledger: ReadonlyMap<HotDay, LedgerDay>): Promise<HotDay[]> {
    let first = filter.from === undefined ? undefined : hotDayOf(filter.from);
    let last = filter.to === undefined ? undefined : hotDayOf(filter.to - 1);
    if (after !== undefined && order === 'desc' && (last === undefined || hotDayOf(after.timestamp) < last))
      last = hotDayOf(after.timestamp);
    if (after !== undefined && order === 'asc' && (first === undefined || hotDayOf(after.timestamp) > first))
      first = hotDayOf(after.timestamp);
    // Objects wholly before (desc) or after (asc) the position cannot hold the rest of the feed.
    const range = {
      from: order === 'asc' && after !== undefined ? Math.max(filter.from ?? 0, after.timestamp) : filter.from,
      to: order === 'desc' && after !== undefined ? Math.min(filter.to ?? Infinity, after.timestamp + 1) : filter.to,
    };
    const days = new Set<HotDay>(ledger.keys());
    for await (const m of this.manifests.readable(groupId, range)) days.add(hotDayOf(m.minTimestamp));
    const inRange = [...days].filter((d) => (first === undefined || d >= first) && (last === undefined || d <= last)).sort();
    return order === 'asc' ? inRange : inRange.reverse();
  }

  /**
   * The group's hot events of a day (the filter applies when the day is merged): the live partition,
   * then a sealed one (a run renames live to sealed).
   */
  private async hotOf(groupId: string, day: HotDay, counted: LedgerDay | undefined): Promise<EventEnvelope[]> {
    const key = `${groupId}|${day}|${counted?.events ?? 0}|${counted?.bytes ?? 0}`;
    const cached = this.hotDays.get(key);
    if (cached !== undefined) return cached;
    const events: EventEnvelope[] = [];
    for (const sealed of [false, true]) {
      for await (const doc of this.hot.read(day, { groupId, sealed })) events.push(envelopeOf(doc));
    }
    if (counted !== undefined) this.hotDays.set(key, events);
    return events;
  }

  /** The group's archived events of a day, from the objects whose manifest says they can match. */
  private async archivedOf(groupId: string, day: HotDay, { filter, order, after }: FeedRequest): Promise<EventEnvelope[]> {
    const manifests = (await this.manifests.ofDay(groupId, utcDay(hotDayStart(day)))).filter((m) => mayMatch(m, filter, order, after));
    return (await Promise.all(manifests.map((m) => this.reader.events(m)))).flat();
  }
}

/** False when an object's time range or types rule out every event the read wants. */
const mayMatch = (m: ManifestDoc, filter: FeedFilter, order: FeedOrder, after?: FeedPosition): boolean =>
  (filter.from === undefined || m.maxTimestamp >= filter.from) &&
  (filter.to === undefined || m.minTimestamp < filter.to) &&
  (filter.type === undefined || m.types === undefined || m.types.includes(filter.type)) &&
  (after === undefined || (order === 'desc' ? m.minTimestamp <= after.timestamp : m.maxTimestamp >= after.timestamp));
