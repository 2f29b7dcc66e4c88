import type { Connection, EventEnvelope, Thing } from '@onescale/ontology';

/**
 * The figures of SPEC §4 computed directly from a history, the naive way (scan everything), with
 * no code shared with the projections: what the integration tests compare the read models with.
 */
const DAY = 86_400_000;
const PERSON = ['creator', 'audience_member'];
const CONTENT = ['blog_post', 'video', 'podcast', 'social_post', 'email', 'course', 'lesson'];
const PLATFORM = new Set([
  'group_created',
  'group_updated',
  'thing_created',
  'thing_updated',
  'thing_deleted',
  'connection_created',
  'connection_deleted',
  'knowledge_added',
  'usage_recorded',
  'quota_threshold_crossed',
  'events_archived',
  'archival_failed',
]);
const round2 = (n: number): number => Math.round(n * 100) / 100;
const dayStart = (ms: number): number => Math.floor(ms / DAY) * DAY;

export interface Model {
  readonly things: Map<string, { thing: Thing; bytes: number; live: boolean }>;
  readonly connections: Map<string, { connection: Connection; live: boolean }>;
  readonly client: EventEnvelope[];
  readonly all: EventEnvelope[];
  readonly knowledgeBytes: Map<string, { groupId: string; bytes: number }>;
  readonly apiCalls: Array<{ groupId: string; amount: number; periodStart: number }>;
}

export const modelOf = (events: readonly EventEnvelope[], usage: readonly EventEnvelope[] = []): Model => {
  const m: Model = { things: new Map(), connections: new Map(), client: [], all: [...events], knowledgeBytes: new Map(), apiCalls: [] };
  for (const e of events) {
    const d = e.data as Record<string, any>;
    if (e.type === 'thing_created') m.things.set(d.thing.id, { thing: d.thing, bytes: d.bytes, live: true });
    else if (e.type === 'thing_updated')
      m.things.set(d.thing.id, { thing: d.thing, bytes: d.bytes, live: m.things.get(d.thing.id)?.live ?? true });
    else if (e.type === 'thing_deleted') m.things.set(d.thing.id, { ...m.things.get(d.thing.id)!, live: false });
    else if (e.type === 'connection_created') m.connections.set(d.connection.id, { connection: d.connection, live: true });
    else if (e.type === 'connection_deleted') m.connections.set(d.connection.id, { connection: d.connection, live: false });
    else if (e.type === 'knowledge_added') m.knowledgeBytes.set(d.knowledge.id, { groupId: e.groupId, bytes: d.bytes });
    else if (!PLATFORM.has(e.type)) m.client.push(e);
  }
  for (const u of usage) {
    const d = u.data as Record<string, any>;
    if (d.metric === 'api_calls_per_month') m.apiCalls.push({ groupId: u.groupId, amount: d.amount, periodStart: d.periodStart });
  }
  return m;
};

const liveConnections = (m: Model): Connection[] => [...m.connections.values()].filter((c) => c.live).map((c) => c.connection);

export const expectedCreatorStats = (m: Model, creatorId: string, now: number) => {
  const own = m.client.filter((e) => e.actorId === creatorId);
  const revenue = own.filter((e) => e.type === 'revenue_generated').reduce((s, e) => s + ((e.data as any).metadata.amount as number), 0);
  const followers = liveConnections(m).filter((c) => c.toThingId === creatorId && c.relationshipType === 'following').length;
  const content = liveConnections(m).filter((c) => c.fromThingId === creatorId && c.relationshipType === 'authored').length;
  const lastActive = own.length === 0 ? null : Math.max(...own.map((e) => e.timestamp));
  const eventsByType: Record<string, number> = {};
  for (const e of own) eventsByType[e.type] = (eventsByType[e.type] ?? 0) + 1;
  return {
    totalRevenue: revenue,
    totalFollowers: followers,
    contentCount: content,
    lastActive,
    averageEngagement: content > 0 ? round2(followers / content) : 0,
    totalEvents: own.length,
    eventsByType,
    isActive: lastActive !== null && now - lastActive < 30 * DAY,
    accountAge: Math.floor((now - m.things.get(creatorId)!.thing.createdAt) / DAY),
    revenuePerContent: content > 0 ? revenue / content : 0,
    lastComputed: now,
  };
};

export const expectedGroupMetrics = (m: Model, groupId: string, now: number) => {
  const things = [...m.things.values()].filter((t) => t.thing.groupId === groupId && t.live);
  const users = things.filter((t) => PERSON.includes(t.thing.type)).length;
  const today = dayStart(now);
  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  const events = m.client.filter((e) => e.groupId === groupId);
  const nextMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() + 1, 1);
  const inMonth = events.filter((e) => e.timestamp >= monthStart && e.timestamp < nextMonth);
  const week = events.filter((e) => e.timestamp >= today - 6 * DAY).length;
  const previousWeek = events.filter((e) => e.timestamp >= today - 13 * DAY && e.timestamp < today - 6 * DAY).length;
  const active = new Set(
    events
      .filter((e) => e.actorId && e.timestamp >= today - 6 * DAY && PERSON.includes(m.things.get(e.actorId)?.thing.type ?? ''))
      .map((e) => e.actorId),
  ).size;
  const revenueMonth = inMonth
    .filter((e) => e.type === 'revenue_generated')
    .reduce((s, e) => s + ((e.data as any).metadata.amount as number), 0);
  const storage =
    things.reduce((s, t) => s + t.bytes, 0) +
    [...m.knowledgeBytes.values()].filter((k) => k.groupId === groupId).reduce((s, k) => s + k.bytes, 0);
  const content = things.filter((t) => CONTENT.includes(t.thing.type));
  const inbound = (id: string) => liveConnections(m).filter((c) => c.toThingId === id).length;
  const ranked = content
    .map((t) => ({
      entityId: t.thing.id,
      name: t.thing.name,
      type: t.thing.type,
      connectionCount: inbound(t.thing.id),
      createdAt: t.thing.createdAt,
    }))
    .sort((a, b) => b.connectionCount - a.connectionCount || b.createdAt - a.createdAt || (a.entityId < b.entityId ? 1 : -1));
  const month = new Date(now).toISOString().slice(0, 7);
  const apiCalls = m.apiCalls
    .filter((u) => u.groupId === groupId && new Date(u.periodStart).toISOString().slice(0, 7) === month)
    .reduce((s, u) => s + u.amount, 0);
  return {
    userCount: users,
    activeUsers: active,
    totalEntities: things.length,
    storageUsed: storage,
    storageUsedMB: round2(storage / (1024 * 1024)),
    apiCallsThisMonth: apiCalls,
    revenueThisMonth: round2(revenueMonth),
    eventsThisMonth: inMonth.length,
    eventsThisWeek: week,
    eventsPreviousWeek: previousWeek,
    topContentByEngagement: ranked.slice(0, 10),
    averageEngagementPerContent: content.length > 0 ? round2(content.reduce((s, t) => s + inbound(t.thing.id), 0) / content.length) : 0,
    avgEventsPerUser: users > 0 ? round2(inMonth.length / users) : 0,
    avgRevenuePerUser: users > 0 ? round2(revenueMonth / users) : 0,
    isActive: inMonth.length > 0,
    trendingUp: week > previousWeek,
    lastComputed: now,
  };
};

const byCreatedThenId = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }): number =>
  a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

export const expectedRelationships = (m: Model, thingId: string) => {
  const live = liveConnections(m);
  const inbound = live.filter((c) => c.toThingId === thingId).sort(byCreatedThenId);
  const outbound = live.filter((c) => c.fromThingId === thingId).sort(byCreatedThenId);
  const count = (cs: Connection[]) =>
    cs.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c.relationshipType]: (acc[c.relationshipType] ?? 0) + 1 }), {});
  const both = [...new Map([...inbound, ...outbound].map((c) => [c.id, c])).values()].sort(byCreatedThenId);
  return {
    inbound: inbound.map((c) => c.id),
    outbound: outbound.map((c) => c.id),
    both: both.map((c) => c.id),
    ofType: (type: string) => both.filter((c) => c.relationshipType === type).map((c) => c.id),
    inboundCount: inbound.length,
    outboundCount: outbound.length,
    totalConnections: both.length,
    connectionTypes: { inbound: count(inbound), outbound: count(outbound) },
  };
};

/** Events naming the thing as actor or target, each once, newest first (ties: greater id first). */
export const expectedActivity = (m: Model, thingId: string): string[] =>
  m.all
    .filter((e) => e.actorId === thingId || e.targetId === thingId)
    .sort((a, b) => b.timestamp - a.timestamp || (a.id < b.id ? 1 : -1))
    .map((e) => e.id);

/** Live things of the group, newest first (ties: greater id first), optionally of a type and status. */
export const expectedThings = (m: Model, groupId: string, filter: { type?: string; status?: string } = {}): string[] =>
  [...m.things.values()]
    .filter(
      (t) =>
        t.live &&
        t.thing.groupId === groupId &&
        (!filter.type || t.thing.type === filter.type) &&
        (!filter.status || t.thing.status === filter.status),
    )
    .map((t) => t.thing)
    .sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? 1 : -1))
    .map((t) => t.id);
