import { emptyThingDoc, type EntityDoc } from '../ontology';
import { emptyHead, type ListHead } from '@onescale/platform';
import { decodeEntity, decodeGuarded, encodeEntity, encodeGuarded } from './stored-docs';

describe('stored documents', () => {
  it('keeps user JSON as text, so keys FerretDB rejects round-trip exactly', () => {
    const thing = {
      ...emptyThingDoc('t1', 'g1'),
      thing: {
        id: 't1',
        groupId: 'g1',
        type: 'blog_post',
        name: 'x',
        properties: { 'a.b': 1, $c: [[1]] },
        status: 'active' as const,
        schemaVersion: 1,
        createdAt: 1,
        updatedAt: 1,
      },
    };
    const doc: EntityDoc<ListHead> = { id: 't1', positions: { 'events-0': 7 }, thing, stats: null, lists: { act: emptyHead() } };
    const stored = encodeEntity(doc);
    expect(typeof stored.thing).toBe('string');
    expect(JSON.stringify(stored)).not.toContain('"a.b":1,'); // only inside the text
    expect(decodeEntity(JSON.parse(JSON.stringify(stored)))).toEqual(doc);
  });

  it('stores guarded documents with their positions and an optional partition', () => {
    const stored = encodeGuarded('g1', { doc: { settings: { 'x.y': true } }, positions: { 'events-2': 3 } }, { partition: 2 });
    expect(stored).toMatchObject({ _id: 'g1', p: { 'events-2': 3 }, partition: 2 });
    expect(decodeGuarded(stored)).toEqual({ doc: { settings: { 'x.y': true } }, positions: { 'events-2': 3 } });
    expect(decodeGuarded({ _id: 'g2', p: {}, d: null })).toEqual({ doc: null, positions: {} });
  });
});
