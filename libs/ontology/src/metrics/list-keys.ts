/**
 * Sort keys of the sorted lists (list-ops.ts). A key is a string whose order (plain string
 * comparison) is the list order: fixed-width, zero-padded numbers first, then the id, which breaks
 * ties exactly like `a.id < b.id` does on the ids themselves (the numeric prefix is fixed width).
 */
const TIME_DIGITS = 15; // epoch ms up to year 33658
const COUNT_DIGITS = 10;

const pad = (n: number, digits: number): string => String(Math.max(0, Math.floor(n))).padStart(digits, '0');

/** (time, id) ascending: relationships by createdAt, activity and things by event time / createdAt. */
export const timeKey = (at: number, id: string): string => `${pad(at, TIME_DIGITS)}|${id}`;

export const timeKeyAt = (key: string): number => Number(key.slice(0, TIME_DIGITS));
export const timeKeyId = (key: string): string => key.slice(TIME_DIGITS + 1);

/** (count, time, id) ascending: the content ranking, read from its end for "most connections, newest first". */
export const rankKey = (count: number, at: number, id: string): string => `${pad(count, COUNT_DIGITS)}|${pad(at, TIME_DIGITS)}|${id}`;

export const rankKeyId = (key: string): string => key.slice(COUNT_DIGITS + TIME_DIGITS + 2);
