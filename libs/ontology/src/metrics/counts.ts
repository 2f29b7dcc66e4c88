import type { Composition } from '../vocabulary';

/** Count per name (relationship type, event type, currency). Zero entries are dropped. */
export type CountsBy = Readonly<Record<string, number>>;

export const addCount = (counts: CountsBy, name: string, delta: number): CountsBy => {
  const next = (counts[name] ?? 0) + delta;
  const { [name]: _old, ...rest } = counts;
  return next === 0 ? rest : { ...rest, [name]: next };
};

export const countOf = (counts: CountsBy, name: string): number => counts[name] ?? 0;

/** What the projections need to know of the composition: which thing types are people, which content. */
export type MetricsTypes = Pick<Composition, 'personTypes' | 'contentTypes'>;

/**
 * Orders two versions of an entity so the newest state wins whatever order events are applied
 * in: by `updatedAt`, then by event id (ids are time-ordered).
 */
export const isNewerVersion = (updatedAt: number, eventId: string, current: { updatedAt: number; eventId: string } | null): boolean =>
  current === null || updatedAt > current.updatedAt || (updatedAt === current.updatedAt && eventId > current.eventId);
