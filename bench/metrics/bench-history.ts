import { randomUUID } from 'node:crypto';
import { makeEvent, type EventFields, type Group, type TOPICS, type Thing, type TopicEvent } from '@onescale/ontology';

type BenchEvent = TopicEvent<typeof TOPICS.events>;

const DAY = 86_400_000;

export interface BenchGroup {
  readonly id: string;
  /** Creator thing ids (creator stats are read for them). */
  readonly creators: readonly string[];
  /** The group's `total` events, generated lazily in chunks (a million envelopes need not sit in memory). */
  chunks(size: number): Generator<BenchEvent[]>;
}

/**
 * A benchmark group: people (a tenth creators), content, authored and following connections, then
 * client events (a fifth revenue by creators, the rest audience activity on content) over the
 * last 400 days in time order (3% backdated), up to exactly `total` events.
 */
export const benchHistory = (id: string, total: number, shape: { persons: number; content: number; now: number }): BenchGroup => {
  let seed = 11;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const at = shape.now - 500 * DAY;
  const creators = Array.from({ length: Math.max(1, Math.floor(shape.persons / 10)) }, () => randomUUID());
  const audience = Array.from({ length: shape.persons - creators.length }, () => randomUUID());
  const content = Array.from({ length: shape.content }, () => randomUUID());
  const pick = (xs: readonly string[]) => xs[Math.floor(random() * xs.length)]!;
  const fields = (f: Omit<EventFields, 'id' | 'groupId' | 'rootGroupId'>): EventFields => ({
    id: randomUUID(),
    groupId: id,
    rootGroupId: id,
    recordedAt: shape.now,
    ...f,
  });
  function* all(): Generator<BenchEvent> {
    const group: Group = {
      id,
      slug: id,
      name: id,
      type: 'government',
      rootGroupId: id,
      plan: 'enterprise',
      status: 'active',
      settings: {},
      createdAt: at,
      updatedAt: at,
    };
    yield makeEvent('group_created', fields({ timestamp: at }), { group });
    const types = new Map<string, string>();
    const thing = (thingId: string, type: string, i: number) => {
      types.set(thingId, type);
      const t: Thing = {
        id: thingId,
        groupId: id,
        type,
        name: `${type} ${i}`,
        properties: { i },
        status: 'active',
        schemaVersion: 1,
        createdAt: at + i,
        updatedAt: at + i,
      };
      return makeEvent('thing_created', fields({ targetId: thingId, timestamp: at + i }), { thing: t, bytes: 300 });
    };
    let i = 0;
    for (const c of creators) yield thing(c, 'creator', i++);
    for (const a of audience) yield thing(a, 'audience_member', i++);
    for (const c of content) yield thing(c, 'blog_post', i++);
    const connect = (from: string, to: string, relationshipType: string) => {
      const connection = {
        id: randomUUID(),
        groupId: id,
        fromThingId: from,
        toThingId: to,
        relationshipType,
        createdAt: at + i,
        updatedAt: at + i++,
      };
      return makeEvent('connection_created', fields({ targetId: to, timestamp: connection.createdAt }), {
        connection,
        fromThingType: types.get(from)!,
        toThingType: types.get(to)!,
      });
    };
    for (const [n, c] of content.entries()) yield connect(creators[n % creators.length]!, c, 'authored');
    for (const a of audience) yield connect(a, pick(creators), 'following');
    const first = 1 + creators.length + audience.length + 2 * content.length + audience.length;
    const span = 400 * DAY;
    for (let emitted = first; emitted < total; emitted++) {
      // Time moves forward through the last 400 days as the events come (a live stream), with a
      // few backdated imports anywhere in that range.
      const timestamp =
        random() < 0.03
          ? shape.now - Math.floor(random() * span)
          : shape.now - span + Math.floor(((emitted - first + random()) / (total - first)) * span);
      if (random() < 0.2) {
        const actorId = pick(creators);
        const metadata = { amount: Math.floor(random() * 1000) / 4, currency: 'USD' };
        yield makeEvent('revenue_generated', fields({ actorId, targetId: pick(content), timestamp }), {
          metadata,
          actorType: 'creator',
          targetType: 'blog_post',
        });
      } else {
        const actorId = pick(audience.length > 0 ? audience : creators);
        const type = random() < 0.5 ? 'user_login' : 'content_event';
        yield makeEvent(type, fields({ actorId, targetId: pick(content), timestamp }), {
          metadata: { action: 'viewed' },
          actorType: types.get(actorId),
          targetType: 'blog_post',
        });
      }
    }
  }
  return {
    id,
    creators,
    *chunks(size: number) {
      let chunk: BenchEvent[] = [];
      for (const e of all()) {
        chunk.push(e);
        if (chunk.length >= size) {
          yield chunk;
          chunk = [];
        }
      }
      if (chunk.length > 0) yield chunk;
    },
  };
};
