import { cellValue, checkItem, KIND_FIELDS, OBJECT_FIELD, type FieldSpec, type ImportKind } from './kinds';
import { csvReader, lineReader, type RecordReader, type TextRecord } from './text-records';

export const IMPORT_FORMATS = ['ndjson', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One record of the file: the item it holds, or why it holds none. */
export type ParsedLine =
  | { readonly line: number; readonly raw: string; readonly json: string }
  | {
      readonly line: number;
      readonly raw: string;
      readonly error: { readonly code: string; readonly message: string; readonly path?: string };
    };

/** A problem with the file as a whole (no header, unknown columns): nothing can be imported. */
export class FileFormatError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly line?: number,
  ) {
    super(message);
  }
}

/** The format a file name suggests: `.csv` (and `.tsv`-less CSV only), otherwise NDJSON. */
export const formatOfName = (name: string): ImportFormat => (/\.csv$/i.test(name) ? 'csv' : 'ndjson');

export interface LineParser {
  push(text: string): ParsedLine[];
  end(): ParsedLine[];
}

/** Parses a file's text, fed in chunks, into items (as JSON text, ready to batch) or line errors. */
export function lineParser(format: ImportFormat, kind: ImportKind): LineParser {
  const reader: RecordReader = format === 'csv' ? csvReader() : lineReader();
  let columns: Column[] | null = null;
  let sawRecord = false;
  const parse = (records: TextRecord[]): ParsedLine[] => {
    const out: ParsedLine[] = [];
    for (const record of records) {
      sawRecord = true;
      if (record.problem) {
        out.push({ line: record.line, raw: record.raw, error: record.problem });
      } else if (format === 'ndjson') {
        out.push(parseJsonLine(kind, record));
      } else if (columns === null) {
        columns = parseHeader(kind, record);
      } else {
        out.push(parseCsvRow(kind, columns, record));
      }
    }
    return out;
  };
  return {
    push: (text) => parse(reader.push(text)),
    end: () => {
      const out = parse(reader.end());
      if (!sawRecord) throw new FileFormatError('empty_file', 'the file has no records');
      return out;
    },
  };
}

function parseJsonLine(kind: ImportKind, record: TextRecord): ParsedLine {
  let item: unknown;
  try {
    item = JSON.parse(record.raw);
  } catch (error) {
    return { line: record.line, raw: record.raw, error: { code: 'invalid_json', message: `not valid JSON (${(error as Error).message})` } };
  }
  const problem = checkItem(kind, item);
  return problem
    ? { line: record.line, raw: record.raw, error: problem }
    : { line: record.line, raw: record.raw, json: JSON.stringify(item) };
}

/** A CSV column: one field of the item, or one key of its properties/metadata (`properties.title`). */
type Column = { readonly spec: FieldSpec } | { readonly objectKey: string };

function parseHeader(kind: ImportKind, record: TextRecord): Column[] {
  const fields = KIND_FIELDS[kind];
  const objectField = OBJECT_FIELD[kind];
  const seen = new Set<string>();
  const columns = (record.cells ?? []).map((cell, i): Column => {
    const name = cell.trim();
    const key = name.toLowerCase();
    if (seen.has(key))
      throw new FileFormatError('duplicate_column', `column ${i + 1} ("${name}") appears twice in the header`, record.line);
    seen.add(key);
    const spec = fields.find((f) => f.name.toLowerCase() === key);
    if (spec) return { spec };
    if (key.startsWith(`${objectField.toLowerCase()}.`) && name.length > objectField.length + 1)
      return { objectKey: name.slice(objectField.length + 1) };
    throw new FileFormatError(
      'unknown_column',
      `column ${i + 1} ("${name}") is not a field of ${kind}; the columns can be ${fields.map((f) => f.name).join(', ')}, or ${objectField}.<key> for one key of ${objectField}`,
      record.line,
    );
  });
  const missing = fields.filter((f) => f.required && !columns.some((c) => 'spec' in c && c.spec === f));
  if (missing.length > 0) {
    throw new FileFormatError(
      'missing_column',
      `the header lacks the required column${missing.length > 1 ? 's' : ''} ${missing.map((f) => f.name).join(', ')}`,
      record.line,
    );
  }
  return columns;
}

function parseCsvRow(kind: ImportKind, columns: readonly Column[], record: TextRecord): ParsedLine {
  const cells = record.cells ?? [];
  const fail = (code: string, message: string, path?: string): ParsedLine => ({
    line: record.line,
    raw: record.raw,
    error: path ? { code, message, path } : { code, message },
  });
  if (cells.length !== columns.length) {
    return fail(
      'wrong_column_count',
      `the row has ${cells.length} column${cells.length === 1 ? '' : 's'}, the header has ${columns.length}`,
    );
  }
  const item: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    const cell = cells[i]!;
    if (cell === '') continue; // an empty cell leaves the field out
    if ('objectKey' in column) {
      extra[column.objectKey] = cell;
      continue;
    }
    const value = cellValue(column.spec, cell);
    if (!value.ok) return fail(value.problem.code, value.problem.message, value.problem.path);
    item[column.spec.name] = value.value;
  }
  if (Object.keys(extra).length > 0) {
    const field = OBJECT_FIELD[kind];
    item[field] = { ...((item[field] as Record<string, unknown> | undefined) ?? {}), ...extra };
  }
  const problem = checkItem(kind, item);
  return problem ? fail(problem.code, problem.message, problem.path) : { line: record.line, raw: record.raw, json: JSON.stringify(item) };
}
