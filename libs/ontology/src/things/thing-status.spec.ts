import { THING_STATUSES, type ThingStatus } from '../contracts/entities';
import { allowedTransitions, canTransition, isThingStatus } from './thing-status';

const ALLOWED: ReadonlyArray<[ThingStatus, ThingStatus]> = [
  ['draft', 'active'],
  ['draft', 'archived'],
  ['active', 'published'],
  ['active', 'inactive'],
  ['active', 'archived'],
  ['published', 'active'],
  ['published', 'archived'],
  ['inactive', 'active'],
  ['inactive', 'archived'],
];

describe('thing status transitions (SPEC §1)', () => {
  const all = THING_STATUSES.flatMap((from) => THING_STATUSES.map((to) => [from, to] as [ThingStatus, ThingStatus]));

  it.each(all)('%s → %s is allowed exactly when SPEC lists it', (from, to) => {
    const listed = ALLOWED.some(([f, t]) => f === from && t === to);
    expect(canTransition(from, to)).toBe(listed);
  });

  it('makes archived terminal', () => {
    expect(allowedTransitions('archived')).toEqual([]);
  });

  it('never returns to draft', () => {
    expect(THING_STATUSES.filter((s) => canTransition(s, 'draft'))).toEqual([]);
  });

  it('recognizes the five statuses only', () => {
    expect(THING_STATUSES.every(isThingStatus)).toBe(true);
    expect(isThingStatus('deleted')).toBe(false);
    expect(isThingStatus(undefined)).toBe(false);
  });
});
