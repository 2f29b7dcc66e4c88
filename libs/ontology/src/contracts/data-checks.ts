import { isPlainObject, kindOf } from '../vocabulary/json-object';

/**
 * Structural checks of event data as it arrives off the wire: each answers the first problem as a
 * sentence naming its path, or undefined when the value fits. `fields<T>` must name every field of
 * `T`, so a field added to a contract is a compile error until the decoder checks it.
 */
export type Check = (value: unknown, path: string) => string | undefined;

const expected = (path: string, what: string, value: unknown): string => `${path} must be ${what}, got ${kindOf(value)}`;

export const id: Check = (v, path) => (typeof v === 'string' && v !== '' ? undefined : expected(path, 'a non-empty string', v));
export const text: Check = (v, path) => (typeof v === 'string' ? undefined : expected(path, 'a string', v));
export const finite: Check = (v, path) => (typeof v === 'number' && Number.isFinite(v) ? undefined : expected(path, 'a finite number', v));
export const integer: Check = (v, path) => (typeof v === 'number' && Number.isSafeInteger(v) ? undefined : expected(path, 'an integer', v));
/** Epoch milliseconds. */
export const ms = integer;
export const jsonObject: Check = (v, path) => (isPlainObject(v) ? undefined : expected(path, 'a JSON object', v));
export const anything: Check = () => undefined;

export const oneOf =
  (values: readonly string[]): Check =>
  (v, path) =>
    typeof v === 'string' && values.includes(v)
      ? undefined
      : `${path} must be one of ${values.join(', ')}, got ${JSON.stringify(v) ?? 'nothing'}`;

/** Absent (undefined) or fitting `check`. */
export const optional =
  (check: Check): Check =>
  (v, path) =>
    v === undefined ? undefined : check(v, path);

export const listOf =
  (check: Check): Check =>
  (v, path) => {
    if (!Array.isArray(v)) return expected(path, 'an array', v);
    for (const [i, item] of v.entries()) {
      const problem = check(item, `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** An object with these fields (others are tolerated: a tolerant reader within one schema version). */
export const fields =
  <T>(shape: { readonly [K in keyof T]-?: Check }): Check =>
  (v, path) => {
    if (!isPlainObject(v)) return expected(path, 'a JSON object', v);
    for (const [field, check] of Object.entries<Check>(shape)) {
      const problem = check(v[field], `${path}.${field}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/** A JSON object whose every value fits `check` (a map keyed by field names, ids…). */
export const recordOf =
  (check: Check): Check =>
  (v, path) => {
    if (!isPlainObject(v)) return expected(path, 'a JSON object', v);
    for (const [key, value] of Object.entries(v)) {
      const problem = check(value, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
