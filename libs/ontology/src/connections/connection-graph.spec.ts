import { connectionKey, duplicateInBatch } from './connection-key';
import { createsCycle, cycleDetected } from './cycles';
import { checkRelationship } from './relationship-rules';
import { DEFAULT_COMPOSITION } from '../vocabulary/composition';

const graph = (edges: ReadonlyArray<[string, string]>) => (id: string) => edges.filter(([f]) => f === id).map(([, t]) => t);

describe('createsCycle', () => {
  it('is true when the target already reaches the source', () => {
    // given a part_of b part_of c, when c part_of a is added
    expect(
      createsCycle(
        'c',
        'a',
        graph([
          ['a', 'b'],
          ['b', 'c'],
        ]),
      ),
    ).toBe(true);
  });

  it('is true for a direct back edge and for a self-loop', () => {
    expect(createsCycle('b', 'a', graph([['a', 'b']]))).toBe(true);
    expect(createsCycle('a', 'a', graph([]))).toBe(true);
  });

  it('is false when no path leads back, also through diamonds and existing cycles elsewhere', () => {
    const outgoing = graph([
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'd'],
      ['c', 'd'],
      ['x', 'y'],
      ['y', 'x'],
    ]);
    expect(createsCycle('e', 'a', outgoing)).toBe(false);
    expect(createsCycle('a', 'x', outgoing)).toBe(false);
    expect(createsCycle('d', 'e', outgoing)).toBe(false);
  });

  it('visits each node once on a long chain', () => {
    const n = 50_000;
    let calls = 0;
    const chain = (id: string) => {
      calls++;
      const i = Number(id);
      return i < n ? [String(i + 1)] : [];
    };
    expect(createsCycle('x', '0', chain)).toBe(false);
    expect(calls).toBe(n + 1);
  });

  it('has a problem constructor naming both ends', () => {
    expect(cycleDetected('part_of', 'c', 'a')).toEqual({
      code: 'cycle_detected',
      message: '"part_of" may not form cycles, and a already leads back to c',
      path: 'toThingId',
    });
  });
});

describe('connectionKey', () => {
  it('is one key per (group, from, type, to)', () => {
    expect(connectionKey('g', 'a', 'owns', 'b')).toBe('g:a:owns:b');
    expect(connectionKey('g', 'a', 'owns', 'b')).not.toBe(connectionKey('g', 'b', 'owns', 'a'));
  });

  it('cannot be forged by separators inside ids', () => {
    expect(connectionKey('g', 'a:owns', 'x', 'b')).not.toBe(connectionKey('g', 'a', 'owns:x', 'b'));
  });
});

describe('duplicateInBatch', () => {
  it('reports later duplicates with the earlier index, skipping failed items', () => {
    const dups = duplicateInBatch(['k1', 'k2', undefined, 'k1', 'k2', 'k1', null]);
    expect([...dups.keys()]).toEqual([3, 4, 5]);
    expect(dups.get(3)).toEqual({
      code: 'duplicate_in_batch',
      message: 'the same connection (from, type, to) appears earlier in this batch, at index 0',
    });
    expect(dups.get(4)?.message).toContain('index 1');
    expect(dups.get(5)?.message).toContain('index 0');
  });

  it('reports nothing for distinct keys', () => {
    expect(duplicateInBatch(['a', 'b', undefined, undefined]).size).toBe(0);
  });
});

describe('checkRelationship', () => {
  it('allows any pair for a wildcard rule', () => {
    expect(checkRelationship(DEFAULT_COMPOSITION, 'transacted', 'nft', 'lead')).toEqual({ ok: true, value: true });
  });
  it('allows any pair for a type without a rule', () => {
    expect(checkRelationship({ ...DEFAULT_COMPOSITION, rules: {} }, 'clone_of', 'video', 'video').ok).toBe(true);
  });
});
