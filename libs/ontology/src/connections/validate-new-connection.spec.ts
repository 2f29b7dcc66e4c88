import type { Thing } from '../contracts/entities';
import { DEFAULT_COMPOSITION, forbidsCycles, type Composition } from '../vocabulary/composition';
import { MAX_JSON_BYTES } from '../vocabulary/json-object';
import { validateNewConnection, type NewConnectionContext } from './validate-new-connection';

const thing = (id: string, type: string, extra: Partial<Thing> = {}): Thing => ({
  id,
  groupId: 'g1',
  type,
  name: id,
  properties: {},
  status: 'active',
  schemaVersion: 1,
  createdAt: 1,
  updatedAt: 1,
  ...extra,
});
const alice = thing('alice', 'creator');
const bob = thing('bob', 'creator');
const post = thing('post', 'blog_post');
const post2 = thing('post2', 'blog_post');
const video = thing('video', 'video');

const ctxOf = (from?: Thing, to?: Thing, composition: Composition = DEFAULT_COMPOSITION): NewConnectionContext => ({
  groupId: 'g1',
  from,
  to,
  composition,
});
const connect = (from: Thing, type: string, to: Thing, extra: object = {}, composition?: Composition) =>
  validateNewConnection({ fromThingId: from.id, toThingId: to.id, relationshipType: type, ...extra }, ctxOf(from, to, composition));
const problemOf = (r: ReturnType<typeof validateNewConnection>) => {
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

describe('validateNewConnection', () => {
  it('normalizes a full connection', () => {
    const r = connect(alice, 'authored', post, { metadata: { role: 'lead' }, strength: 0.5, validFrom: 10, validTo: 20 });
    expect(r).toEqual({
      ok: true,
      value: {
        fromThingId: 'alice',
        toThingId: 'post',
        relationshipType: 'authored',
        metadata: { role: 'lead' },
        strength: 0.5,
        validFrom: 10,
        validTo: 20,
      },
    });
  });

  it('leaves optional fields absent', () => {
    expect(connect(alice, 'authored', post)).toEqual({
      ok: true,
      value: { fromThingId: 'alice', toThingId: 'post', relationshipType: 'authored' },
    });
  });

  describe('same-type pairs are allowed (the seed rejected them all)', () => {
    it.each([
      [alice, 'collaborates_with', bob],
      [post, 'references', post2],
      [alice, 'reports_to', bob],
      [alice, 'following', bob],
      [post, 'part_of', post2],
    ])('%o %s %o', (from, type, to) => {
      expect(connect(from, type, to).ok).toBe(true);
    });

    it('flags only part_of and reports_to for the caller’s cycle check', () => {
      expect(forbidsCycles(DEFAULT_COMPOSITION, 'reports_to')).toBe(true);
      expect(forbidsCycles(DEFAULT_COMPOSITION, 'collaborates_with')).toBe(false);
    });
  });

  it.each([['collaborates_with'], ['part_of'], ['reports_to'], ['transacted']])('rejects a self-loop of %s', (type) => {
    expect(problemOf(connect(alice, type, alice))).toMatchObject({ code: 'self_loop', path: 'toThingId' });
  });

  it('rejects a self-loop even when relationships are not strict', () => {
    const lax = { ...DEFAULT_COMPOSITION, strictRelationships: false };
    expect(problemOf(connect(post, 'part_of', post, {}, lax)).code).toBe('self_loop');
  });

  it('rejects a pair the rule does not allow, naming both types and the allowed ones', () => {
    expect(problemOf(connect(video, 'authored', alice))).toEqual({
      code: 'relationship_not_allowed',
      message:
        '"authored" is not allowed from video to creator; allowed from: audience_member, creator; ' +
        'to: blog_post, course, email, podcast, social_post, video',
      path: 'relationshipType',
    });
  });

  it.each([
    [alice, 'clone_of', bob],
    [alice, 'references', post],
    [post, 'references', alice],
    [alice, 'teaching', video],
    [video, 'reports_to', alice],
  ])('rejects %o %s %o', (from, type, to) => {
    expect(problemOf(connect(from, type, to)).code).toBe('relationship_not_allowed');
  });

  it('does not enforce rules when strictRelationships is false', () => {
    const lax = { ...DEFAULT_COMPOSITION, strictRelationships: false };
    expect(connect(video, 'authored', alice, {}, lax).ok).toBe(true);
  });

  it('rejects an unknown relationship type and lists the choices', () => {
    const p = problemOf(connect(alice, 'likes', post));
    expect(p).toMatchObject({ code: 'invalid_type', path: 'relationshipType' });
    expect(p.message).toMatch(/^relationshipType "likes" is not a connection type; valid types: approved, authored, /);
  });

  describe('the things', () => {
    const input = { fromThingId: 'alice', toThingId: 'post', relationshipType: 'authored' };

    it('must exist', () => {
      expect(problemOf(validateNewConnection(input, ctxOf(undefined, post)))).toMatchObject({
        code: 'thing_not_found',
        path: 'fromThingId',
      });
      expect(problemOf(validateNewConnection(input, ctxOf(alice, undefined)))).toMatchObject({
        code: 'thing_not_found',
        path: 'toThingId',
      });
    });

    it('of another group read as not found, not as forbidden', () => {
      const foreign = { ...post, groupId: 'g2' };
      expect(problemOf(validateNewConnection(input, ctxOf(alice, foreign)))).toEqual({
        code: 'thing_not_found',
        message: 'thing post not found in this group',
        path: 'toThingId',
      });
    });

    it('must be the ones the input names', () => {
      expect(problemOf(validateNewConnection(input, ctxOf(bob, post))).code).toBe('thing_not_found');
    });

    it('must be live', () => {
      const gone = { ...post, deletedAt: 5 };
      expect(problemOf(validateNewConnection(input, ctxOf(alice, gone)))).toMatchObject({ code: 'thing_deleted', path: 'toThingId' });
    });
  });

  it.each([
    [{ strength: -0.1 }, 'invalid_field', 'strength'],
    [{ strength: 1.01 }, 'invalid_field', 'strength'],
    [{ strength: '0.5' }, 'invalid_field', 'strength'],
    [{ strength: Number.NaN }, 'invalid_field', 'strength'],
    [{ validFrom: 'yesterday' }, 'invalid_field', 'validFrom'],
    [{ validTo: 1.5 }, 'invalid_field', 'validTo'],
    [{ validFrom: 20, validTo: 10 }, 'invalid_validity', 'validTo'],
    [{ metadata: [] }, 'invalid_json', 'metadata'],
    [{ metadata: null }, 'invalid_json', 'metadata'],
    [{ metadata: { x: 'y'.repeat(MAX_JSON_BYTES) } }, 'too_large', 'metadata'],
  ])('rejects %j', (extra, code, path) => {
    expect(problemOf(connect(alice, 'authored', post, extra))).toMatchObject({ code, path });
  });

  it('accepts strength 0 and 1, and validFrom equal to validTo', () => {
    expect(connect(alice, 'authored', post, { strength: 0 }).ok).toBe(true);
    expect(connect(alice, 'authored', post, { strength: 1, validFrom: 10, validTo: 10 }).ok).toBe(true);
  });

  it.each([
    [{ toThingId: 'post', relationshipType: 'authored' }, 'fromThingId'],
    [{ fromThingId: 'alice', toThingId: '', relationshipType: 'authored' }, 'toThingId'],
    [{ fromThingId: 'alice', toThingId: 'post' }, 'relationshipType'],
  ])('rejects the incomplete item %j', (item, path) => {
    expect(problemOf(validateNewConnection(item, ctxOf(alice, post))).path).toBe(path);
  });

  it('rejects an item that is not an object', () => {
    expect(problemOf(validateNewConnection('x', ctxOf(alice, post))).code).toBe('invalid_item');
  });

  it("rejects an unknown field as the item's own problem", () => {
    const item = { fromThingId: 'alice', toThingId: 'post', relationshipType: 'authored', weight: 1 };
    expect(problemOf(validateNewConnection(item, ctxOf(alice, post)))).toMatchObject({ code: 'unknown_field', path: 'weight' });
  });
});
