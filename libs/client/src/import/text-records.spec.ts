import { csvReader, lineReader, MAX_RECORD_CHARS, type RecordReader, type TextRecord } from './text-records';

/** Feeds `text` in chunks of `size` characters, so every chunk boundary is exercised. */
const read = (reader: RecordReader, text: string, size = text.length || 1): TextRecord[] => {
  const out: TextRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...reader.push(text.slice(i, i + size)));
  return [...out, ...reader.end()];
};

describe('lineReader', () => {
  it('gives each non-blank line with its 1-based line number, whatever the chunking', () => {
    const text = '{"a":1}\r\n\n  \n{"b":2}\n{"c":3}';
    for (const size of [1, 2, 3, 7, 100]) {
      expect(read(lineReader(), text, size)).toEqual([
        { line: 1, raw: '{"a":1}' },
        { line: 4, raw: '{"b":2}' },
        { line: 5, raw: '{"c":3}' },
      ]);
    }
  });

  it('drops a byte-order mark', () => {
    expect(read(lineReader(), '\ufeff{"a":1}\n')).toEqual([{ line: 1, raw: '{"a":1}' }]);
  });

  it('reports a runaway line once and keeps counting lines after it', () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const records = read(lineReader(), `{"a":1}\n${long}\n{"b":2}\n`, 65536);
    expect(records.map((r) => [r.line, r.problem?.code ?? r.raw])).toEqual([
      [1, '{"a":1}'],
      [2, 'record_too_long'],
      [3, '{"b":2}'],
    ]);
  });
});

describe('csvReader', () => {
  it('splits cells, unquotes quoted ones and keeps the raw record', () => {
    expect(read(csvReader(), 'type,name\ncreator,"Ada, ""the"" first"\n')).toEqual([
      { line: 1, raw: 'type,name', cells: ['type', 'name'] },
      { line: 2, raw: 'creator,"Ada, ""the"" first"', cells: ['creator', 'Ada, "the" first'] },
    ]);
  });

  it('lets a quoted cell span lines and numbers records by their first line', () => {
    const text = 'a,b\r\n"one\r\ntwo",x\r\nlast,y';
    for (const size of [1, 2, 5, 100]) {
      expect(read(csvReader(), text, size).map((r) => [r.line, r.cells])).toEqual([
        [1, ['a', 'b']],
        [2, ['one\ntwo', 'x']],
        [4, ['last', 'y']],
      ]);
    }
  });

  it('skips blank lines but keeps rows of empty cells', () => {
    expect(read(csvReader(), 'a,b\n\n,\n').map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [3, ['', '']],
    ]);
  });

  it('flags text after a closing quote and an unclosed quote at the end', () => {
    const records = read(csvReader(), 'a,b\n"x"y,z\n"open,\n');
    expect(records[1]).toMatchObject({ line: 2, problem: { code: 'bad_quotes' } });
    expect(records[2]).toMatchObject({ line: 3, problem: { code: 'bad_quotes', message: expect.stringContaining('not closed') } });
  });

  it('cuts an unbalanced quote off at the record limit instead of buffering the file', () => {
    const text = `a\n"${'x'.repeat(MAX_RECORD_CHARS + 5)}\nnext\n`;
    const records = read(csvReader(), text, 100_000);
    expect(records[1]).toMatchObject({ line: 2, problem: { code: 'record_too_long' } });
    expect(records[1]!.raw.length).toBeLessThanOrEqual(200);
  });
});
