import { THING_STATUSES, type ThingStatus } from '../contracts/entities';

/** SPEC §1: archived is terminal; nothing returns to draft. */
export const STATUS_TRANSITIONS: Readonly<Record<ThingStatus, readonly ThingStatus[]>> = {
  draft: ['active', 'archived'],
  active: ['published', 'inactive', 'archived'],
  published: ['active', 'archived'],
  inactive: ['active', 'archived'],
  archived: [],
};

export const DEFAULT_THING_STATUS: ThingStatus = 'draft';

export const isThingStatus = (value: unknown): value is ThingStatus =>
  typeof value === 'string' && (THING_STATUSES as readonly string[]).includes(value);

/** Whether `from → to` is a status change the lifecycle allows (same → same is no change, so false). */
export const canTransition = (from: ThingStatus, to: ThingStatus): boolean => STATUS_TRANSITIONS[from].includes(to);

export const allowedTransitions = (from: ThingStatus): readonly ThingStatus[] => STATUS_TRANSITIONS[from];
