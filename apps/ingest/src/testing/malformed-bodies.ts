/**
 * Generates request bodies that are structurally wrong (wrong JSON types, unknown fields, oversized
 * values, not JSON at all) for the ingest write routes. Deterministic for a given seed. `level` says
 * who answers for the fault (SPEC §3): the request as a whole (a 4xx), or its one item (a 200 that
 * reports the item's problem).
 */
export interface MalformedCase {
  readonly method: 'POST' | 'PATCH';
  readonly route: string;
  readonly raw: string;
  readonly why: string;
  readonly level: 'request' | 'item';
}

const ROUTES = [
  { method: 'POST', route: 'things/batch', field: 'things', valid: () => ({ type: 'blog_post', name: 'ok' }) },
  { method: 'PATCH', route: 'things/batch', field: 'updates', valid: () => ({ thingId: 'x', name: 'ok' }) },
  {
    method: 'POST',
    route: 'connections/batch',
    field: 'connections',
    valid: () => ({ fromThingId: 'a', toThingId: 'b', relationshipType: 'following' }),
  },
  { method: 'POST', route: 'events/batch', field: 'events', valid: () => ({ type: 'user_login' }) },
  { method: 'POST', route: 'knowledge/batch', field: 'knowledge', valid: () => ({ knowledgeType: 'label', labels: ['a'] }) },
] as const;

const BAD_VALUES: unknown[] = [null, 42, -1.5, true, 'text', [], [1, 2], { nested: { deep: true } }, ''];

const kind = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function malformedBodies(count: number, seed = 7): MalformedCase[] {
  const random = rng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const cases: MalformedCase[] = [];
  for (let i = 0; i < count; i++) {
    const r = pick(ROUTES);
    const item: Record<string, unknown> = { ...r.valid() };
    const fields = Object.keys(item);
    const mutation = Math.floor(random() * 9);
    let body: unknown = { [r.field]: [item] };
    let raw: string | undefined;
    let why: string;
    let level: MalformedCase['level'] = 'item';
    switch (mutation) {
      case 0: {
        const field = pick(fields);
        // A value of another JSON kind than the valid one (an empty array is no wrong type for labels).
        item[field] = pick(BAD_VALUES.filter((v) => kind(v) !== kind(item[field]) && typeof v !== 'string'));
        why = `wrong type for ${field}`;
        break;
      }
      case 1: {
        // Names an object already has (as JSON.parse makes them: own data keys) are unknown fields too.
        const field = pick(['constructor', '__proto__', `unknown_${Math.floor(random() * 1000)}`]);
        Object.defineProperty(item, field, { value: 1, enumerable: true, writable: true, configurable: true });
        why = `unknown item field ${field}`;
        break;
      }
      case 2:
        body = { [r.field]: [item], [`extra_${i}`]: true };
        why = 'unknown top-level field';
        level = 'request';
        break;
      case 3:
        body = { [r.field]: pick(BAD_VALUES.filter((v) => !Array.isArray(v))) };
        why = 'items not an array';
        level = 'request';
        break;
      case 4:
        body = { [r.field]: [pick([null, 7, 'x', [item]])] };
        why = 'item not an object';
        break;
      case 5:
        raw = pick(['{', '{"things": [', 'not json', '[1,2', '{"a":}', '\u0000', '{"things": [{"type": "x",}]}']);
        why = 'malformed JSON';
        level = 'request';
        break;
      case 6:
        if ('name' in item) item.name = 'n'.repeat(513 + Math.floor(random() * 1000));
        else if ('type' in item) item.type = 't'.repeat(65 + Math.floor(random() * 100));
        else item[pick(fields)] = 'i'.repeat(300);
        why = 'oversized string';
        break;
      case 7:
        item[r.field === 'knowledge' ? 'labels' : r.field === 'events' || r.field === 'connections' ? 'metadata' : 'properties'] =
          r.field === 'knowledge' ? Array.from({ length: 65 }, () => 'l') : { blob: 'x'.repeat(70_000) };
        why = 'oversized JSON value';
        break;
      default:
        body = pick([[], null, 'string', 12, { [r.field]: [item], nested: [[1]] }]);
        why = 'wrong body shape';
        level = 'request';
    }
    cases.push({ method: r.method, route: r.route, raw: raw ?? JSON.stringify(body), why, level });
  }
  return cases;
}
