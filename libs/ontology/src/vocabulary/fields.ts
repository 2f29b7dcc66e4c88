import { fail, ok, type Result } from '../shared/result';
import { isPlainObject, kindOf } from './json-object';

/** Input primitives shared by every validator: items arrive as parsed JSON of unknown shape. */

/** Longest id accepted anywhere (ours are 26–36 chars; the cap keeps junk out of keys and logs). */
export const MAX_ID_LENGTH = 256;

/**
 * An item as a JSON object; given `known`, any other key is the item's own `unknown_field` problem
 * (SPEC §3: a mistyped field fails its item, not the whole request).
 */
export const asFields = (input: unknown, known?: readonly string[]): Result<Record<string, unknown>> => {
  if (!isPlainObject(input)) return fail('invalid_item', `each item must be a JSON object, got ${kindOf(input)}`);
  const unknown = known === undefined ? undefined : Object.keys(input).find((key) => !known.includes(key));
  if (known !== undefined && unknown !== undefined) {
    return fail(
      'unknown_field',
      `${JSON.stringify(unknown.slice(0, 64))} is not a field of this item; known fields: ${known.join(', ')}`,
      unknown.slice(0, 64),
    );
  }
  return ok(input);
};

/**
 * The values of `keys` in items not yet validated that could be ids: what a batch looks up before
 * validating each item against what it found. Anything else fails in the item's validator.
 */
export const lookupIds = (items: readonly unknown[], keys: readonly string[]): string[] =>
  items.flatMap((item) => (isPlainObject(item) ? keys.map((key) => item[key]) : [])).filter((id): id is string => readId(id, '').ok);

/** An opaque id: a non-empty string of at most 256 chars. */
export const readId = (value: unknown, path: string): Result<string> =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH
    ? ok(value)
    : fail('invalid_field', `${path} must be a non-empty string id of at most ${MAX_ID_LENGTH} characters`, path);

/** Like `readId`, for an optional field: absent stays undefined. */
export const readOptionalId = (value: unknown, path: string): Result<string | undefined> =>
  value === undefined ? ok(undefined) : readId(value, path);

/** Epoch milliseconds: a safe integer. */
export const readEpochMs = (value: unknown, path: string): Result<number> =>
  typeof value === 'number' && Number.isSafeInteger(value)
    ? ok(value)
    : fail(
        'invalid_field',
        `${path} must be a time in epoch milliseconds (an integer), got ${typeof value === 'number' ? value : kindOf(value)}`,
        path,
      );

/** Length in characters (code points), so an emoji counts once. */
export const charLength = (s: string): number => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** C0 and C1 control characters and DEL: invisible, they break logs, CSV exports and terminals. */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** A display name: a string, trimmed, 1..max characters, no control characters. Problem code `invalid_name`. */
export const readName = (value: unknown, path: string, max: number): Result<string> => {
  if (typeof value !== 'string') return fail('invalid_name', `${path} must be a string, got ${kindOf(value)}`, path);
  const trimmed = value.trim();
  if (trimmed.length === 0) return fail('invalid_name', `${path} cannot be empty`, path);
  const length = charLength(trimmed);
  if (length > max) return fail('invalid_name', `${path} is ${length} characters; the limit is ${max}`, path);
  const control = CONTROL_CHARACTER.exec(trimmed);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
    return fail('invalid_name', `${path} contains the control character U+${code.toUpperCase()} at position ${control.index}`, path);
  }
  return ok(trimmed);
};
