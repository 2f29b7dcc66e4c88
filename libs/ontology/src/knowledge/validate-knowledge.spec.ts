import { MAX_JSON_BYTES } from '../vocabulary/json-object';
import { knowledgeBytes, validateKnowledge } from './validate-knowledge';

const problemOf = (input: unknown) => {
  const r = validateKnowledge(input);
  if (r.ok) throw new Error('expected a problem');
  return r.problem;
};

describe('validateKnowledge', () => {
  it('accepts a chunk linked to a thing', () => {
    const item = {
      knowledgeType: 'chunk',
      text: 'Kafka keys order events.',
      sourceThingId: 't1',
      role: 'chunk_of',
      embedding: [0.1, -2, 3],
    };
    expect(validateKnowledge(item)).toEqual({ ok: true, value: item });
  });

  it('accepts a vector_only item and trims labels', () => {
    expect(validateKnowledge({ knowledgeType: 'vector_only', embedding: [1], labels: [' ml '] })).toEqual({
      ok: true,
      value: { knowledgeType: 'vector_only', embedding: [1], labels: ['ml'] },
    });
  });

  it.each([
    [{ knowledgeType: 'document' }, 'invalid_field', 'text'],
    [{ knowledgeType: 'chunk', text: '   ' }, 'invalid_field', 'text'],
    [{ knowledgeType: 'vector_only', text: 'x' }, 'invalid_field', 'embedding'],
    [{ knowledgeType: 'label' }, 'invalid_field', 'labels'],
    [{ knowledgeType: 'label', labels: [] }, 'invalid_field', 'labels'],
    [{ knowledgeType: 'note', text: 'x' }, 'invalid_type', 'knowledgeType'],
    [{ text: 'x' }, 'invalid_type', 'knowledgeType'],
    [{ knowledgeType: 'document', text: 'x', role: 'owner' }, 'invalid_field', 'role'],
    [{ knowledgeType: 'document', text: 5 }, 'invalid_field', 'text'],
    [{ knowledgeType: 'document', text: 'é'.repeat(MAX_JSON_BYTES / 2 + 1) }, 'too_large', 'text'],
    [{ knowledgeType: 'vector_only', embedding: [] }, 'invalid_field', 'embedding'],
    [{ knowledgeType: 'vector_only', embedding: 'x' }, 'invalid_field', 'embedding'],
    [{ knowledgeType: 'vector_only', embedding: [1, null] }, 'invalid_field', 'embedding[1]'],
    [{ knowledgeType: 'vector_only', embedding: [1, Number.NaN] }, 'invalid_field', 'embedding[1]'],
    [{ knowledgeType: 'vector_only', embedding: new Array(4097).fill(0) }, 'too_large', 'embedding'],
    [{ knowledgeType: 'label', labels: 'ml' }, 'invalid_field', 'labels'],
    [{ knowledgeType: 'label', labels: ['a', ''] }, 'invalid_field', 'labels[1]'],
    [{ knowledgeType: 'label', labels: ['a', 3] }, 'invalid_field', 'labels[1]'],
    [{ knowledgeType: 'label', labels: ['x'.repeat(129)] }, 'invalid_field', 'labels[0]'],
    [{ knowledgeType: 'label', labels: new Array(65).fill('a') }, 'too_large', 'labels'],
    [{ knowledgeType: 'label', labels: ['a'], sourceThingId: '' }, 'invalid_field', 'sourceThingId'],
  ])('rejects %j', (item, code, path) => {
    expect(problemOf(item)).toMatchObject({ code, path });
  });

  it('accepts the limits exactly', () => {
    const item = {
      knowledgeType: 'document',
      text: 'x'.repeat(MAX_JSON_BYTES),
      embedding: new Array(4096).fill(0.5),
      labels: new Array(64).fill('y'.repeat(128)),
    };
    expect(validateKnowledge(item).ok).toBe(true);
  });

  it('rejects an item that is not an object', () => {
    expect(problemOf(null).code).toBe('invalid_item');
  });

  it("rejects an unknown field as the item's own problem", () => {
    expect(problemOf({ knowledgeType: 'label', labels: ['a'], vector: [1] })).toMatchObject({ code: 'unknown_field', path: 'vector' });
  });
});

describe('knowledgeBytes', () => {
  it('counts UTF-8 text, 8 bytes per embedding value and label bytes', () => {
    expect(knowledgeBytes({ text: 'héllo', embedding: [1, 2, 3], labels: ['ab', '€'] })).toBe(6 + 24 + 2 + 3);
  });
  it('is 0 for an empty item', () => {
    expect(knowledgeBytes({})).toBe(0);
  });
});
