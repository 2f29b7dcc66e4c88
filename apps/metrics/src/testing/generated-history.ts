import type { Connection, Thing } from '@onescale/ontology';
import { HistoryBuilder } from './history';
import { randomUUID } from 'node:crypto';

const DAY = 86_400_000;

/** Deterministic pseudo-random numbers (the same history shape every run). */
const lcg = (seed: number) => () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

/**
 * A larger history of one root group (FEW_THOUSAND: about 3,000 events): creators, audience and
 * content, authored and following connections with some deleted, a few deleted things, updates,
 * and client events spread over the last 40 days plus backdated ones.
 */
export interface HistoryShape {
  readonly creators: number;
  readonly fans: number;
  readonly content: number;
  readonly follows: number;
  readonly clientEvents: number;
}

export const FEW_THOUSAND: HistoryShape = { creators: 30, fans: 150, content: 80, follows: 250, clientEvents: 2400 };
export const SMALL: HistoryShape = { creators: 5, fans: 20, content: 12, follows: 30, clientEvents: 150 };

export const generatedHistory = (now: number, shape: HistoryShape = FEW_THOUSAND) => {
  const random = lcg(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const h = new HistoryBuilder(`g-${randomUUID()}`);
  h.group(now - 90 * DAY);
  const creators = Array.from({ length: shape.creators }, (_, i) => h.thing('creator', now - 80 * DAY + i * 1000));
  const fans = Array.from({ length: shape.fans }, (_, i) => h.thing('audience_member', now - 70 * DAY + i * 1000));
  let content: Thing[] = Array.from({ length: shape.content }, (_, i) =>
    h.thing(pick(['blog_post', 'video', 'podcast', 'course']), now - 60 * DAY + (i % 20) * 1000),
  );
  const links: Connection[] = content.map((c, i) => h.connect(creators[i % creators.length]!.id, c.id, 'authored', now - 50 * DAY + i));
  for (let i = 0; i < shape.follows; i++) links.push(h.connect(pick(fans).id, pick(creators).id, 'following', now - 40 * DAY + i));
  for (let i = 0; i < shape.follows / 4; i++) links.push(h.connect(pick(fans).id, pick(content).id, 'references', now - 30 * DAY + i));
  for (let i = 0; i < shape.follows / 6; i++) h.disconnect(links.splice(Math.floor(random() * links.length), 1)[0]!, now - 20 * DAY + i);
  const bytes = new Map<string, number>();
  content = content.map((c, i) => {
    if (i % 7 !== 0) return c;
    bytes.set(c.id, 400);
    return h.update(c, now - 15 * DAY + i, { status: 'published', name: `${c.name}!` }, 400, 300);
  });
  for (const gone of content.slice(0, 5)) {
    for (const l of links.filter((x) => x.toThingId === gone.id || x.fromThingId === gone.id)) {
      h.disconnect(l, now - 10 * DAY);
      links.splice(links.indexOf(l), 1);
    }
    h.deleteThing(gone, now - 10 * DAY, bytes.get(gone.id) ?? 300);
  }
  const live = content.slice(5);
  for (let i = 0; i < shape.clientEvents; i++) {
    const at = random() < 0.05 ? now - (400 + Math.floor(random() * 800)) * DAY : now - Math.floor(random() * 40 * DAY);
    if (random() < 0.2) h.revenue(pick(creators).id, Math.floor(random() * 400) / 4, at, random() < 0.5 ? 'USD' : 'EUR', pick(live).id);
    else
      h.client(pick(['user_login', 'content_event', 'dashboard_viewed']), at, {
        actorId: pick(fans).id,
        targetId: random() < 0.6 ? pick(live).id : undefined,
        metadata: { n: i, action: 'viewed' },
      });
  }
  return { root: h.groupId, events: h.events, creators, fans, content: live };
};
