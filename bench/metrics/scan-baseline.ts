import type { Db } from 'mongodb';
import { HOT_EVENTS, HotEventStore, envelopeOf } from '@onescale/platform';
import { hotDbOf } from '../hot-store-seed';
import {
  DEFAULT_COMPOSITION,
  activePeopleProjection,
  countActivePeople,
  creatorStatsProjection,
  creatorStatsView,
  foldEvents,
  groupListEntriesOf,
  groupMetricsProjection,
  groupMetricsView,
  rankingListId,
  thingProjection,
  topContentFromRanking,
  type EventEnvelope,
} from '../../apps/metrics/src/ontology';

/**
 * The seed's approach as the baseline: every read loads the group's events from the event store
 * and computes the figures from them (here with the same pure functions, so only the reading
 * differs). On FerretDB a filter on `groupId` reads every day of the hot store.
 */
const groupEvents = async (db: Db, groupId: string): Promise<EventEnvelope[]> => {
  const store = new HotEventStore(hotDbOf(db), HOT_EVENTS);
  const events: EventEnvelope[] = [];
  for (const { day, sealed } of await store.partitions())
    for await (const doc of store.read(day, { sealed, groupId })) events.push(envelopeOf(doc));
  return events;
};

export async function scanCreatorStats(db: Db, groupId: string, creatorId: string, now: number): Promise<unknown> {
  const events = await groupEvents(db, groupId);
  const thing = foldEvents(thingProjection(DEFAULT_COMPOSITION), events).get(creatorId) ?? null;
  const stats = foldEvents(creatorStatsProjection, events).get(creatorId) ?? null;
  const view = creatorStatsView(thing, stats, now, creatorId);
  if (!view.ok) throw new Error(view.problem.message);
  return view.value;
}

export async function scanGroupMetrics(db: Db, groupId: string, now: number): Promise<unknown> {
  const events = await groupEvents(db, groupId);
  const doc = foldEvents(groupMetricsProjection(DEFAULT_COMPOSITION), events).get(groupId) ?? null;
  const things = [...foldEvents(thingProjection(DEFAULT_COMPOSITION), events).values()];
  const ranking = things
    .flatMap(groupListEntriesOf)
    .filter((e) => e.list === rankingListId(groupId))
    .map((e) => ({ k: e.key, v: e.value }));
  ranking.sort((a, b) => (a.k < b.k ? -1 : 1));
  const active = foldEvents(activePeopleProjection(DEFAULT_COMPOSITION), events).get(groupId) ?? null;
  const view = groupMetricsView(doc, {
    activeUsers: countActivePeople(active, now),
    topContent: topContentFromRanking(ranking),
    apiCallsThisMonth: 0,
    now,
  });
  if (!view.ok) throw new Error(view.problem.message);
  return view.value;
}
