import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@onescale/ontology';

const DAY = 86_400_000;

export interface BenchGroup {
  readonly id: string;
  /** Creator thing ids (creator stats are read for them). */
  readonly creators: readonly string[];
  /** The group's `total` events, generated lazily in chunks (a million envelopes need not sit in memory). */
  chunks(size: number): Generator<EventEnvelope[]>;
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
  const envelope = (type: string, fields: Partial<EventEnvelope> & { timestamp: number; data: Record<string, unknown> }): EventEnvelope => ({
    id: randomUUID(), type, groupId: id, rootGroupId: id, recordedAt: shape.now, schemaVersion: 1, ...fields,
  });
  function* all(): Generator<EventEnvelope> {
    const group = { id, slug: id, name: id, type: 'government', rootGroupId: id, plan: 'enterprise', status: 'active', settings: {}, createdAt: at, updatedAt: at };
    yield envelope('group_created', { timestamp: at, data: { group } });
    const types = new Map<string, string>();
    const thing = (thingId: string, type: string, i: number) => {
      types.set(thingId, type);
      const t = { id: thingId, groupId: id, type, name: `${type} ${i}`, properties: { i }, status: 'active', schemaVersion: 1, createdAt: at + i, updatedAt: at + i };
      return envelope('thing_created', { targetId: thingId, timestamp: at + i, data: { thing: t, bytes: 300 } });
    };
    let i = 0;
    for (const c of creators) yield thing(c, 'creator', i++);
    for (const a of audience) yield thing(a, 'audience_member', i++);
    for (const c of content) yield thing(c, 'blog_post', i++);
    const connect = (from: string, to: string, relationshipType: string) => {
      const connection = { id: randomUUID(), groupId: id, fromThingId: from, toThingId: to, relationshipType, createdAt: at + i, updatedAt: at + i++ };
      return envelope('connection_created', { targetId: to, timestamp: connection.createdAt, data: { connection, fromThingType: types.get(from), toThingType: types.get(to) } });
    };
    for (const [n, c] of content.entries()) yield connect(creators[n % creators.length]!, c, 'authored');
    for (const a of audience) yield connect(a, pick(creators), 'following');
    const first = 1 + creators.length + audience.length + 2 * content.length + audience.length;
    const span = 400 * DAY;
    for (let emitted = first; emitted < total; emitted++) {
      // Time moves forward through the last 400 days as the events come (a live stream), with a
      // few backdated imports anywhere in that range.
      const timestamp = random() < 0.03 ? shape.now - Math.floor(random() * span) : shape.now - span + Math.floor(((emitted - first + random()) / (total - first)) * span);
      if (random() < 0.2) {
        const actorId = pick(creators);
        yield envelope('revenue_generated', { actorId, targetId: pick(content), timestamp, data: { metadata: { amount: Math.floor(random() * 1000) / 4, currency: 'USD' }, actorType: 'creator', targetType: 'blog_post' } });
      } else {
        const actorId = pick(audience.length > 0 ? audience : creators);
        yield envelope(random() < 0.5 ? 'user_login' : 'content_event', { actorId, targetId: pick(content), timestamp, data: { metadata: { action: 'viewed' }, actorType: types.get(actorId), targetType: 'blog_post' } });
      }
    }
  }
  return {
    id,
    creators,
    *chunks(size: number) {
      let chunk: EventEnvelope[] = [];
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
