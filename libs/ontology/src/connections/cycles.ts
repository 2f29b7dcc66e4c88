import type { Problem } from '../shared/result';

/**
 * Whether adding `fromId → toId` would close a cycle among the existing edges of one relationship
 * type: true when `toId` already reaches `fromId` (or is it). `outgoing(id)` lists the targets of
 * the live edges out of `id`. Iterative DFS with a visited set: terminates on any graph, no recursion.
 */
export const createsCycle = (fromId: string, toId: string, outgoing: (id: string) => readonly string[]): boolean => {
  const stack = [toId];
  const seen = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop() as string;
    if (id === fromId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const next of outgoing(id)) if (!seen.has(next)) stack.push(next);
  }
  return false;
};

/** The problem for a connection refused by `createsCycle`. */
export const cycleDetected = (relationshipType: string, fromId: string, toId: string): Problem => ({
  code: 'cycle_detected',
  message: `"${relationshipType}" may not form cycles, and ${toId} already leads back to ${fromId}`,
  path: 'toThingId',
});
