import {
  DEFAULT_COMPOSITION,
  entityListConfig,
  projectBatch,
  type EntityDoc,
  type ListItem,
  type PositionedEvent,
} from '@onescale/ontology';
// The domain's event fixture (a test helper the ontology does not export).
import { at, eventFactory } from '../../../ontology/src/metrics/events.fixture';
import { applyListOps } from './sorted-list-apply';
import { emptyHead, type ListHead } from './sorted-list';

const T = at('2025-03-01T00:00:00Z');
/** MongoDB refuses documents over 16 MiB; a thing document must stay far below whatever it is sent. */
const BOUND_BYTES = 2 * 1024 * 1024;

/** Projects a history from nothing, as the store would: each thing document with its list heads applied, and every chunk written. */
function project(events: readonly PositionedEvent[]) {
  const result = projectBatch<ListHead>(DEFAULT_COMPOSITION, 'events-0', events, {
    entities: new Map(),
    groups: new Map(),
    activePeople: new Map(),
  });
  const docs = new Map<string, EntityDoc<ListHead>>();
  const chunks: (readonly ListItem[])[] = [];
  for (const [id, { doc, listOps }] of result.entities) {
    const lists: Record<string, ListHead> = {};
    for (const [list, ops] of listOps) {
      const applied = applyListOps(emptyHead(), new Map(), ops, entityListConfig(list));
      if (!('change' in applied)) throw new Error('a list from nothing needs no chunks loaded');
      lists[list] = applied.change.head;
      chunks.push(...applied.change.pre.map((w) => w.items));
    }
    docs.set(id, { ...doc, lists });
  }
  return { docs, chunks };
}

describe('read-model documents stay bounded whatever the inputs', () => {
  it('given 16 things × 12 connection types into one thing, each with 64 KiB of metadata, then its document stays under 2 MiB', () => {
    const f = eventFactory();
    const metadata = { blob: 'm'.repeat(64 * 1024 - 20) };
    const types = DEFAULT_COMPOSITION.connectionTypes.slice(0, 12);
    expect(types).toHaveLength(12);
    const target = f.thing('target', 'course', T);
    const events = [f.thingCreated(target)];
    for (let i = 0; i < 16; i++) {
      const source = f.thing(`s${i}`, 'audience_member', T + 1);
      events.push(f.thingCreated(source));
      types.forEach((type, j) => {
        const c = { ...f.connection(`c${i}-${j}`, source.id, target.id, type, T + 2 + i * 12 + j), metadata };
        events.push(f.connectionCreated(c, source.type, target.type));
      });
    }
    const { docs, chunks } = project(events.map((envelope, offset) => ({ envelope, offset })));
    const doc = docs.get('target')!;
    // whole payloads would be 16 entries × (in + 12 types) tails × 64 KiB: 13 MiB in the thing document alone
    expect(Buffer.byteLength(JSON.stringify(doc))).toBeLessThan(BOUND_BYTES);
    expect(Math.max(...chunks.map((items) => Buffer.byteLength(JSON.stringify(items))))).toBeLessThan(BOUND_BYTES);
    // the tails still show each connection, with the payload's size in place of the payload
    const inbound = doc.lists.in?.tail ?? [];
    expect(inbound.length).toBeGreaterThan(0);
    expect(JSON.parse(inbound[0]!.v!)).toMatchObject({ id: expect.any(String), metadata: { _truncated: true, bytes: expect.any(Number) } });
  });

  it('keeps small connection metadata in the list entries', () => {
    const f = eventFactory();
    const target = f.thing('t', 'course', T);
    const source = f.thing('s', 'audience_member', T);
    const c = { ...f.connection('c1', 's', 't', 'enrolled_in', T + 1), metadata: { 'weird.key': 1 } };
    const events = [f.thingCreated(target), f.thingCreated(source), f.connectionCreated(c, source.type, target.type)].map(
      (envelope, offset) => ({ envelope, offset }),
    );
    const doc = project(events).docs.get('t')!;
    expect(JSON.parse(doc.lists.in!.tail[0]!.v!)).toMatchObject({ id: 'c1', metadata: { 'weird.key': 1 } });
  });
});
