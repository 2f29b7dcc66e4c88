import type { Problem } from '../shared/result';

/**
 * The live-uniqueness key of a connection: at most one live connection per (group, from, type, to).
 * Parts are percent-encoded, so ':' inside an id cannot make two keys collide.
 */
export const connectionKey = (groupId: string, fromThingId: string, relationshipType: string, toThingId: string): string =>
  [groupId, fromThingId, relationshipType, toThingId].map(encodeURIComponent).join(':');

export const duplicateProblem = (earlierIndex: number): Problem => ({
  code: 'duplicate_in_batch',
  message: `the same connection (from, type, to) appears earlier in this batch, at index ${earlierIndex}`,
});

/**
 * Later duplicates within one batch, by index. Pass `undefined` for items that already failed, so
 * only a valid earlier item claims a key.
 */
export const duplicateInBatch = (keys: ReadonlyArray<string | null | undefined>): ReadonlyMap<number, Problem> => {
  const first = new Map<string, number>();
  const duplicates = new Map<number, Problem>();
  keys.forEach((key, index) => {
    if (key === null || key === undefined) return;
    const earlier = first.get(key);
    if (earlier === undefined) first.set(key, index);
    else duplicates.set(index, duplicateProblem(earlier));
  });
  return duplicates;
};
