import { isPlainObject, kindOf } from '../vocabulary/json-object';

/**
 * Structural checks of event data as it arrives off the wire: each answers the first problem as a
 * sentence naming its path, or undefined when the value fits. `T` is what a value that passes is
 * known to be (a phantom: no check carries it at run time), so a contract's data type and its check
 * are declared together and cannot drift.
 */
export interface Check<T = unknown> {
  (value: unknown, path: string): string | undefined;
  readonly fits?: T;
}

/** What a value that passes `C` is known to be. */
export type Checked<C> = C extends Check<infer T> ? T : never;

const expected = (path: string, what: string, value: unknown): string => `${path} must be ${what}, got ${kindOf(value)}`;

export const id: Check<string> = (v, path) => (typeof v === 'string' && v !== '' ? undefined : expected(path, 'a non-empty string', v));
export const text: Check<string> = (v, path) => (typeof v === 'string' ? undefined : expected(path, 'a string', v));
export const finite: Check<number> = (v, path) =>
  typeof v === 'number' && Number.isFinite(v) ? undefined : expected(path, 'a finite number', v);
export const integer: Check<number> = (v, path) =>
  typeof v === 'number' && Number.isSafeInteger(v) ? undefined : expected(path, 'an integer', v);
/** Epoch milliseconds. */
export const ms = integer;
export const jsonObject: Check<Readonly<Record<string, unknown>>> = (v, path) =>
  isPlainObject(v) ? undefined : expected(path, 'a JSON object', v);
export const anything: Check = () => undefined;

export const oneOf =
  <V extends string>(values: readonly V[]): Check<V> =>
  (v, path) =>
    typeof v === 'string' && (values as readonly string[]).includes(v)
      ? undefined
      : `${path} must be one of ${values.join(', ')}, got ${JSON.stringify(v) ?? 'nothing'}`;

/** Absent (undefined) or fitting `check`. */
export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (v, path) =>
    v === undefined ? undefined : check(v, path);

export const listOf =
  <T>(check: Check<T>): Check<readonly T[]> =>
  (v, path) => {
    if (!Array.isArray(v)) return expected(path, 'an array', v);
    for (const [i, item] of v.entries()) {
      const problem = check(item, `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };

/**
 * An object with these fields (others are tolerated: a tolerant reader within one schema version).
 * The shape must name every field of `T`, each with a check of that field's type, so a field added
 * to a contract is a compile error until the decoder checks it.
 */
export const fields =
  <T>(shape: { readonly [K in keyof T]-?: Check<T[K]> }): Check<T> =>
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
  <T>(check: Check<T>): Check<Readonly<Record<string, T>>> =>
  (v, path) => {
    if (!isPlainObject(v)) return expected(path, 'a JSON object', v);
    for (const [key, value] of Object.entries(v)) {
      const problem = check(value, `${path}.${key}`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  };
