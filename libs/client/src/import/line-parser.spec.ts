import { FileFormatError, formatOfName, lineParser, type ImportFormat, type ParsedLine } from './line-parser';
import type { ImportKind } from './kinds';

const parse = (format: ImportFormat, kind: ImportKind, text: string): ParsedLine[] => {
  const p = lineParser(format, kind);
  return [...p.push(text), ...p.end()];
};
const outcome = (l: ParsedLine): unknown => ('error' in l ? [l.line, l.error.code] : [l.line, JSON.parse(l.json)]);

describe('lineParser, NDJSON', () => {
  it('passes objects through and names what is wrong with each bad line', () => {
    const text = [
      '{"type":"creator","name":"Ada"}',
      '{"type":"creator",',
      '[1,2]',
      '{"type":"creator","name":"B","colour":"red"}',
      '{"type":"creator"}',
      '{"type":"creator","name":7}',
      '{"type":"creator","name":"C","status":null}',
    ].join('\n');
    expect(parse('ndjson', 'things', text).map(outcome)).toEqual([
      [1, { type: 'creator', name: 'Ada' }],
      [2, 'invalid_json'],
      [3, 'not_an_object'],
      [4, 'unknown_field'],
      [5, 'missing_field'],
      [6, 'invalid_field'],
      [7, 'invalid_field'],
    ]);
  });

  it('lists the valid fields when one is unknown', () => {
    const [line] = parse('ndjson', 'events', '{"type":"user_login","when":1}');
    expect('error' in line! && line.error.message).toBe(
      'when is not a field of events; the fields are type, actorId, targetId, timestamp, metadata',
    );
  });

  it('refuses a file without records', () => {
    expect(() => parse('ndjson', 'things', '\n \n')).toThrow(FileFormatError);
  });
});

describe('lineParser, CSV', () => {
  it('maps columns to fields, converts numbers and times, and leaves empty cells out', () => {
    const text =
      'fromThingId,toThingId,relationshipType,strength,validFrom,metadata.note\na,b,following,0.5,2024-01-02T00:00:00Z,hi\na,c,following,,,\n';
    expect(parse('csv', 'connections', text).map(outcome)).toEqual([
      [
        2,
        {
          fromThingId: 'a',
          toThingId: 'b',
          relationshipType: 'following',
          strength: 0.5,
          validFrom: Date.UTC(2024, 0, 2),
          metadata: { note: 'hi' },
        },
      ],
      [3, { fromThingId: 'a', toThingId: 'c', relationshipType: 'following' }],
    ]);
  });

  it('merges a JSON properties column with properties.<key> columns, matching headers loosely', () => {
    const text = ' Type ,NAME,properties,properties.lang\nblog_post,Hello,"{""words"":300}",en\n';
    expect(parse('csv', 'things', text).map(outcome)).toEqual([
      [2, { type: 'blog_post', name: 'Hello', properties: { words: 300, lang: 'en' } }],
    ]);
  });

  it('reports rows with the wrong number of columns or bad values, line by line', () => {
    const text = 'type,timestamp,metadata\nuser_login,1700000000000,\nuser_login\nuser_login,yesterday,\nuser_login,,{oops}\n';
    expect(parse('csv', 'events', text).map(outcome)).toEqual([
      [2, { type: 'user_login', timestamp: 1700000000000 }],
      [3, 'wrong_column_count'],
      [4, 'invalid_field'],
      [5, 'invalid_field'],
    ]);
  });

  it.each([
    ['type,name,colour\n', 'unknown_column'],
    ['type,type,name\n', 'duplicate_column'],
    ['name\n', 'missing_column'],
    ['', 'empty_file'],
  ])('refuses the header %p as %s', (text, code) => {
    expect(() => parse('csv', 'things', text)).toThrow(expect.objectContaining({ code }));
  });
});

describe('formatOfName', () => {
  it('reads .csv as CSV and anything else as NDJSON', () => {
    expect([formatOfName('a.CSV'), formatOfName('a.ndjson'), formatOfName('a.jsonl')]).toEqual(['csv', 'ndjson', 'ndjson']);
  });
});
