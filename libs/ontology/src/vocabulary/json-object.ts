import { fail, ok, type Result } from '../shared/result';

/** Size cap of every user-supplied JSON object (properties, metadata, settings), in UTF-8 bytes. */
export const MAX_JSON_BYTES = 65_536;
/** Nesting cap: deeper documents are almost certainly abuse, and it bounds recursion. */
export const MAX_JSON_DEPTH = 64;

const encoder = new TextEncoder();

/** UTF-8 byte length of a string: the unit of every size limit and of storage accounting. */
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Path of the first value JSON cannot carry faithfully (undefined, NaN, functions, class instances…), if any. */
const firstNonJson = (v: unknown, path: string, depth: number): string | undefined => {
  if (depth > MAX_JSON_DEPTH) return `${path} (nested deeper than ${MAX_JSON_DEPTH})`;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return undefined;
  if (typeof v === 'number') return Number.isFinite(v) ? undefined : path;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const bad = firstNonJson(v[i], `${path}[${i}]`, depth + 1);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (!isPlainObject(v)) return path;
  for (const key of Object.keys(v)) {
    const bad = firstNonJson(v[key], `${path}.${key}`, depth + 1);
    if (bad !== undefined) return bad;
  }
  return undefined;
};

/**
 * A plain JSON object (not an array, not null) whose JSON text is at most 64 KiB. Problems:
 * `invalid_json` (wrong shape or a value JSON cannot hold) and `too_large`, at `path`.
 */
export const validateJsonObject = (value: unknown, path: string): Result<Record<string, unknown>> => {
  if (!isPlainObject(value)) {
    return fail('invalid_json', `${path} must be a JSON object, got ${kindOf(value)}`, path);
  }
  const bad = firstNonJson(value, path, 0);
  if (bad !== undefined) return fail('invalid_json', `${bad} is not a JSON value`, path);
  const bytes = utf8Bytes(JSON.stringify(value));
  if (bytes > MAX_JSON_BYTES) {
    return fail('too_large', `${path} is ${bytes} bytes of JSON; the limit is ${MAX_JSON_BYTES}`, path);
  }
  return ok(value);
};

/** Deep equality of JSON values; object key order does not matter. */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
};

/** A short description of a value's kind for messages ("got array"). */
export const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeof v;
