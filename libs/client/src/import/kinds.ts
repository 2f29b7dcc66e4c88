/**
 * What a line of an import file may hold, per kind: the fields of one batch item of the public API
 * (SPEC §3, the DTOs in libs/api). Checked on the client so that a line with a wrong field is reported
 * on its own instead of making the server refuse the whole batch; the server still decides everything
 * else (types in the composition, relationship rules, quotas).
 */
export const IMPORT_KINDS = ['things', 'connections', 'events'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export type FieldType = 'string' | 'number' | 'integer' | 'time' | 'object';

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  readonly required?: boolean;
}

export const KIND_FIELDS: Readonly<Record<ImportKind, readonly FieldSpec[]>> = {
  things: [
    { name: 'type', type: 'string', required: true },
    { name: 'name', type: 'string', required: true },
    { name: 'properties', type: 'object' },
    { name: 'status', type: 'string' },
  ],
  connections: [
    { name: 'fromThingId', type: 'string', required: true },
    { name: 'toThingId', type: 'string', required: true },
    { name: 'relationshipType', type: 'string', required: true },
    { name: 'metadata', type: 'object' },
    { name: 'strength', type: 'number' },
    { name: 'validFrom', type: 'time' },
    { name: 'validTo', type: 'time' },
  ],
  events: [
    { name: 'type', type: 'string', required: true },
    { name: 'actorId', type: 'string' },
    { name: 'targetId', type: 'string' },
    { name: 'timestamp', type: 'time' },
    { name: 'metadata', type: 'object' },
  ],
};

/** The object field whose keys CSV columns `<field>.<key>` set (things: properties, others: metadata). */
export const OBJECT_FIELD: Readonly<Record<ImportKind, string>> = { things: 'properties', connections: 'metadata', events: 'metadata' };

export const isImportKind = (value: unknown): value is ImportKind => IMPORT_KINDS.includes(value as ImportKind);

export interface FieldProblem {
  readonly code: string;
  readonly message: string;
  readonly path?: string;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const TYPE_WORDS: Readonly<Record<FieldType, string>> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  time: 'a time in epoch milliseconds (a whole number)',
  object: 'a JSON object',
};

const hasType = (value: unknown, type: FieldType): boolean => {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
    case 'time':
      return Number.isSafeInteger(value);
    case 'object':
      return isPlainObject(value);
  }
};

/** The first structural problem of an item (unknown field, missing field, wrong JSON type), or null. */
export function checkItem(kind: ImportKind, item: unknown): FieldProblem | null {
  if (!isPlainObject(item)) return { code: 'not_an_object', message: `each line must be a JSON object (one ${kind.replace(/s$/, '')})` };
  const fields = KIND_FIELDS[kind];
  for (const key of Object.keys(item)) {
    if (!fields.some((f) => f.name === key)) {
      return {
        code: 'unknown_field',
        path: key,
        message: `${key} is not a field of ${kind}; the fields are ${fields.map((f) => f.name).join(', ')}`,
      };
    }
  }
  for (const f of fields) {
    const value = item[f.name];
    if (value === undefined) {
      if (f.required) return { code: 'missing_field', path: f.name, message: `${f.name} is required` };
      continue;
    }
    if (!hasType(value, f.type)) return { code: 'invalid_field', path: f.name, message: `${f.name} must be ${TYPE_WORDS[f.type]}` };
  }
  return null;
}

/** Turns a CSV cell into a field value: numbers parsed, times as epoch ms or ISO 8601, objects as JSON. */
export function cellValue(spec: FieldSpec, cell: string): { ok: true; value: unknown } | { ok: false; problem: FieldProblem } {
  const bad = (message: string): { ok: false; problem: FieldProblem } => ({
    ok: false,
    problem: { code: 'invalid_field', path: spec.name, message },
  });
  switch (spec.type) {
    case 'string':
      return { ok: true, value: cell };
    case 'number':
    case 'integer': {
      const n = Number(cell.trim());
      return cell.trim() !== '' && hasType(n, spec.type)
        ? { ok: true, value: n }
        : bad(`${spec.name} must be ${TYPE_WORDS[spec.type]}, got "${cell}"`);
    }
    case 'time': {
      const text = cell.trim();
      if (/^-?\d+$/.test(text))
        return Number.isSafeInteger(Number(text)) ? { ok: true, value: Number(text) } : bad(`${spec.name} is out of range`);
      const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN;
      return Number.isFinite(ms)
        ? { ok: true, value: ms }
        : bad(`${spec.name} must be epoch milliseconds or an ISO 8601 date, got "${cell}"`);
    }
    case 'object': {
      try {
        const value: unknown = JSON.parse(cell);
        return isPlainObject(value) ? { ok: true, value } : bad(`${spec.name} must be a JSON object`);
      } catch {
        return bad(`${spec.name} is not valid JSON`);
      }
    }
  }
}
