import { fail, ok, type Result } from '../shared/result';

/** Size cap of every user-supplied JSON object (properties, metadata, settings), in UTF-8 bytes. */
export const MAX_JSON_BYTES = 65_536;
/** Nesting cap (SPEC §2): deeper JSON is refused before anything recursive touches it. */
export const MAX_JSON_DEPTH = 32;

const encoder = new TextEncoder();

/** UTF-8 byte length of a string: the unit of every size limit and of storage accounting. */
export const utf8Bytes = (s: string): number => encoder.encode(s).length;

export const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** Why a value cannot be stored as JSON: nested too deep, or not a JSON value at `path`. */
export type JsonFault = { readonly kind: 'too_deep' | 'not_json'; readonly path: string };

/**
 * The first fault of a parsed value, depth first, or undefined. Iterative with an explicit stack, so
 * a body nested 100,000 levels deep costs a loop, never the call stack. The outermost container is
 * level 1; a container at level `maxDepth + 1` is too deep.
 */
export const findJsonFault = (value: unknown, path: string, maxDepth = MAX_JSON_DEPTH): JsonFault | undefined => {
  const stack: Array<{ v: unknown; path: string; level: number }> = [{ v: value, path, level: 0 }];
  while (stack.length > 0) {
    const { v, path: at, level } = stack.pop()!;
    if (v === null || typeof v === 'string' || typeof v === 'boolean') continue;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) return { kind: 'not_json', path: at };
      continue;
    }
    const isArray = Array.isArray(v);
    if (!isArray && !isPlainObject(v)) return { kind: 'not_json', path: at };
    if (level + 1 > maxDepth) return { kind: 'too_deep', path: at };
    // pushed in reverse, so the first child is looked at first (the reported fault is the first in document order)
    if (isArray) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], path: `${at}[${i}]`, level: level + 1 });
    } else {
      const keys = Object.keys(v as object);
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push({ v: (v as Record<string, unknown>)[keys[i]!], path: `${at}.${keys[i]}`, level: level + 1 });
    }
  }
  return undefined;
};

/**
 * A plain JSON object (not an array, not null) at most 32 levels deep whose JSON text is at most
 * 64 KiB. Problems, at `path`: `invalid_json` (wrong shape or a value JSON cannot hold),
 * `too_deep` and `too_large`. Depth is checked before anything recursive (JSON.stringify) runs.
 */
export const validateJsonObject = (value: unknown, path: string): Result<Record<string, unknown>> => {
  if (!isPlainObject(value)) {
    return fail('invalid_json', `${path} must be a JSON object, got ${kindOf(value)}`, path);
  }
  const fault = findJsonFault(value, path);
  if (fault?.kind === 'too_deep')
    return fail('too_deep', `${path} is nested deeper than ${MAX_JSON_DEPTH} levels (at ${fault.path.slice(0, 200)})`, path);
  if (fault) return fail('invalid_json', `${fault.path.slice(0, 200)} is not a JSON value`, path);
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
