import { fail, ok, type Result } from '../shared/result';

/**
 * Opaque keyset cursors: base64url of `[kind, at, id]`, where (at, id) is the sort key of the last
 * item of a page. `kind` keeps a cursor of one list from being replayed on another.
 */
export interface KeysetKey {
  /** The time field the list is sorted by (createdAt or timestamp). */
  readonly at: number;
  /** The id that breaks ties. */
  readonly id: string;
}

export type CursorKind = 'relationships' | 'activity' | 'things';

const MAX_CURSOR_LENGTH = 512;

const toBase64Url = (text: string): string => {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

const fromBase64Url = (encoded: string): string | null => {
  if (!/^[A-Za-z0-9_-]+$/.test(encoded)) return null;
  try {
    const binary = atob(encoded.replace(/-/g, '+').replace(/_/g, '/'));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
};

export const encodeCursor = (kind: CursorKind, key: KeysetKey): string => toBase64Url(JSON.stringify([kind, key.at, key.id]));

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const decodeCursor = (kind: CursorKind, cursor: string): Result<KeysetKey> => {
  const invalid = fail<KeysetKey>(
    'invalid_cursor',
    `cursor is not a cursor of this ${kind} list; use nextCursor from a previous page`,
    'cursor',
  );
  if (cursor.length > MAX_CURSOR_LENGTH) return invalid;
  const text = fromBase64Url(cursor);
  const value = text === null ? undefined : parseJson(text);
  if (!Array.isArray(value) || value.length !== 3) return invalid;
  const [k, at, id] = value as unknown[];
  if (k !== kind || typeof at !== 'number' || !Number.isFinite(at) || typeof id !== 'string' || id === '') return invalid;
  return ok({ at, id });
};

export interface LimitRule {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

/**
 * A page size from a query parameter: absent → the default; a whole number ≥ 1; above the maximum
 * → the maximum (as the seed clamps). 0, negatives, fractions and text are `invalid_limit`.
 */
export const parseLimit = (raw: unknown, rule: LimitRule): Result<number> => {
  if (raw === undefined || raw === null || raw === '') return ok(rule.defaultLimit);
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!Number.isInteger(n) || n < 1) return fail('invalid_limit', `limit must be a whole number from 1 to ${rule.maxLimit}`, 'limit');
  return ok(Math.min(n, rule.maxLimit));
};

/** Decodes an optional cursor parameter. */
export const parseCursor = (raw: unknown, kind: CursorKind): Result<KeysetKey | null> => {
  if (raw === undefined || raw === null || raw === '') return ok(null);
  if (typeof raw !== 'string') return fail('invalid_cursor', 'cursor must be a string', 'cursor');
  return decodeCursor(kind, raw);
};
