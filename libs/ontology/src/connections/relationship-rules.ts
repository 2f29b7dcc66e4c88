import { fail, ok, type Result } from '../shared/result';
import { listChoices, ruleFor, type Composition } from '../vocabulary/composition';
import type { TypeSet } from '../vocabulary/connection-types';

const admits = (set: TypeSet, type: string): boolean => set === '*' || set.includes(type);

/**
 * Whether `fromType —relationshipType→ toType` is allowed. Only the composition's rule decides:
 * same-type pairs are fine (the seed rejected them all). Not enforced when `strictRelationships`
 * is false. Problem `relationship_not_allowed` at `relationshipType`.
 */
export const checkRelationship = (composition: Composition, relationshipType: string, fromType: string, toType: string): Result<true> => {
  if (!composition.strictRelationships) return ok(true);
  const rule = ruleFor(composition, relationshipType);
  if (admits(rule.from, fromType) && admits(rule.to, toType)) return ok(true);
  return fail(
    'relationship_not_allowed',
    `"${relationshipType}" is not allowed from ${fromType} to ${toType}; ` +
      `allowed from: ${listChoices(rule.from)}; to: ${listChoices(rule.to)}`,
    'relationshipType',
  );
};
