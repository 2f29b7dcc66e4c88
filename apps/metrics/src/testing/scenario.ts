import { randomUUID } from 'node:crypto';
import type { EventEnvelope, Thing } from '@onescale/ontology';
import { HistoryBuilder } from './history';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * The scripted history of the integration tests: creators, audience and content; `authored`,
 * `following` and other connections; revenue in two currencies; logins this week, last week and
 * backdated by years; updates, deleted connections and a deleted thing; knowledge; a sub-group;
 * api-call usage. Times are relative to `now`.
 */
export const scriptedHistory = (now: number) => {
  const root = `g-${randomUUID()}`;
  const h = new HistoryBuilder(root);
  const sub = new HistoryBuilder(`sub-${randomUUID()}`, root);
  h.group(now - 60 * DAY);
  sub.group(now - 50 * DAY, { parentGroupId: root, name: 'Sub group' });
  h.group(now - 60 * DAY, { name: 'Renamed group', updatedAt: now - 59 * DAY }, 'group_updated');

  const c1 = h.thing('creator', now - 45 * DAY);
  const c2 = h.thing('creator', now - 20 * DAY);
  const fans = Array.from({ length: 5 }, (_, i) => h.thing('audience_member', now - 30 * DAY + i));
  let b1 = h.thing('blog_post', now - 30 * DAY, { status: 'draft' });
  const b2 = h.thing('video', now - 25 * DAY);
  const b3 = h.thing('podcast', now - 25 * DAY); // same createdAt as b2: the ranking breaks the tie by id
  const b4 = h.thing('blog_post', now - 10 * DAY);
  const b5 = h.thing('course', now - 9 * DAY);
  const agent = h.thing('strategy_agent', now - 9 * DAY);
  const subThing = sub.thing('blog_post', now - 8 * DAY);

  const authored = [h.connect(c1.id, b1.id, 'authored', now - 29 * DAY), h.connect(c1.id, b2.id, 'authored', now - 24 * DAY)];
  authored.push(
    h.connect(c1.id, b3.id, 'authored', now - 24 * DAY),
    h.connect(c2.id, b4.id, 'authored', now - 9 * DAY),
    h.connect(c2.id, b5.id, 'authored', now - 8 * DAY),
  );
  const follows = fans.map((f, i) => h.connect(f.id, c1.id, 'following', now - 20 * DAY + i, { 'weird.key': i }));
  follows.push(h.connect(fans[0]!.id, c2.id, 'following', now - 7 * DAY), h.connect(fans[1]!.id, c2.id, 'following', now - 7 * DAY));
  h.connect(b2.id, b1.id, 'references', now - 6 * DAY);
  h.connect(b3.id, b1.id, 'references', now - 6 * DAY);
  h.connect(fans[3]!.id, b5.id, 'enrolled_in', now - 5 * DAY);
  h.connect(agent.id, c1.id, 'collaborates_with', now - 5 * DAY);

  b1 = h.update(b1, now - 4 * DAY, { status: 'published', name: 'Renamed post' }, 500, 300);
  h.disconnect(follows[4]!, now - 3 * DAY);
  h.disconnect(authored[3]!, now - 2 * DAY); // deleting a thing deletes its connections first
  h.deleteThing(b4, now - 2 * DAY, 300);
  h.knowledge(b1.id, now - 2 * DAY, 1000);

  const login = (who: Thing, at: number, target?: Thing) => h.client('user_login', at, { actorId: who.id, targetId: target?.id });
  h.revenue(c1.id, 10.5, now - HOUR, 'USD', b1.id);
  h.revenue(c1.id, 20.25, now - 2 * DAY);
  h.revenue(c2.id, 99.75, now - 3 * DAY, 'EUR');
  h.revenue(c1.id, 5, now - 3 * 365 * DAY); // backdated import
  login(fans[0]!, now - HOUR);
  login(fans[1]!, now - 2 * DAY);
  login(fans[2]!, now - 8 * DAY);
  login(fans[3]!, now - 10 * DAY);
  login(fans[0]!, now - 12 * DAY);
  login(fans[4]!, now - 2 * 365 * DAY); // backdated
  h.client('content_event', now - 2 * HOUR, {
    actorId: fans[1]!.id,
    targetId: b1.id,
    metadata: { action: 'liked', 'dotted.key': 'kept as text' },
  });
  h.client('profile_updated', now - 3 * HOUR, { actorId: c1.id, targetId: c1.id });
  h.client('agent_executed', now - 3 * HOUR, { actorId: agent.id }); // not a person: no active user
  sub.client('user_login', now - HOUR, { targetId: subThing.id });

  const monthStart = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
  const previousMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 1, 1);
  h.apiCalls(120, monthStart);
  h.apiCalls(30, monthStart);
  h.apiCalls(999, previousMonth);

  const events: EventEnvelope[] = [...h.events.slice(0, 2), ...sub.events, ...h.events.slice(2)];
  return { root, sub: sub.groupId, events, usage: h.usage, c1, c2, fans, b1, b2, b3, b4, b5, agent, subThing };
};

/** Whether a key of a read-model dump belongs to the given groups (their things, lists and documents). */
export const ownedBy = (groups: readonly string[], events: readonly EventEnvelope[]) => {
  const ids = new Set<string>(groups);
  for (const e of events) {
    if (e.actorId) ids.add(e.actorId);
    if (e.targetId) ids.add(e.targetId);
    const knowledge = (e.data as { knowledge?: { id: string } }).knowledge;
    if (knowledge) ids.add(knowledge.id);
  }
  return (key: string): boolean => {
    const id = key.slice(key.indexOf('/') + 1);
    return ids.has(id) || groups.some((g) => id.startsWith(`${g}|`) || id.startsWith(`things|${g}`) || id === `rank|${g}`);
  };
};
