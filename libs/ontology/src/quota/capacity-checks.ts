import type { Plan } from '../contracts/entities';
import { fail, ok, type Result } from '../shared/result';
import { percentOf } from './metric-status';
import { effectiveLimits, hardLimit, usageLimitOf, type EffectiveLimits } from './limits';
import { BYTES_PER_GB, BYTES_PER_MB, round2 } from './plans';

/** Advisory checks (the seed's checkCanCreateEntities / checkCanStore); admission itself is `admit`. */
export interface CanCreateResult {
  readonly canCreate: boolean;
  readonly requested: number;
  readonly current: number;
  /** null = unlimited */
  readonly limit: number | null;
  readonly availableSlots: number | null;
  readonly utilization: number;
  readonly reason?: string;
  readonly suggestion?: string;
}

export interface CanStoreResult {
  readonly canStore: boolean;
  readonly requested: number;
  readonly requestedMB: number;
  readonly current: number;
  readonly currentGB: number;
  readonly limit: number | null;
  readonly limitGB: number | null;
  readonly availableBytes: number | null;
  readonly availableGB: number | null;
  readonly utilization: number;
  readonly reason?: string;
  readonly suggestion?: string;
}

/** Counts and byte sizes are whole and never negative (the seed accepted -5). */
export const checkQuantity = (value: number, path: string): Result<number> =>
  Number.isSafeInteger(value) && value >= 0
    ? ok(value)
    : fail('validation_failed', `${path} must be a non-negative integer, got ${String(value)}`, path);

const nextPlan = (plan: Plan): Plan => (plan === 'starter' ? 'pro' : 'enterprise');

const available = (current: number, limit: number | null): number | null => (limit === null ? null : Math.max(0, limit - current));

/** The root's effective limits (overrides included); the plan's when not given. A soft limit never says no. */
interface CheckInput {
  readonly plan: Plan;
  readonly limits?: EffectiveLimits;
}

export const canCreate = (input: CheckInput & { current: number; count: number }): Result<CanCreateResult> => {
  const checked = checkQuantity(input.count, 'count');
  if (!checked.ok) return checked;
  const { plan, current, count, limits = effectiveLimits(plan) } = input;
  const limit = limits.entities_total.limit;
  const refusing = hardLimit(limits.entities_total);
  const availableSlots = available(current, limit);
  const result: CanCreateResult = {
    canCreate: refusing === null || current + count <= refusing,
    requested: count,
    current,
    limit,
    availableSlots,
    utilization: limit === null ? 0 : percentOf(current, limit),
  };
  if (result.canCreate) return ok(result);
  return ok({
    ...result,
    reason: `Cannot create ${count} entities. Current: ${current}, Limit: ${limit ?? 'unlimited'}, Available: ${availableSlots ?? 'unlimited'}`,
    ...(plan === 'enterprise' ? {} : { suggestion: `Upgrade to ${nextPlan(plan)} plan for more capacity` }),
  });
};

export const canStore = (input: CheckInput & { currentBytes: number; bytes: number }): Result<CanStoreResult> => {
  const checked = checkQuantity(input.bytes, 'bytes');
  if (!checked.ok) return checked;
  const { plan, currentBytes, bytes, limits = effectiveLimits(plan) } = input;
  const setting = usageLimitOf(limits, 'storage_bytes');
  const limit = setting.limit;
  const refusing = hardLimit(setting);
  const availableBytes = available(currentBytes, limit);
  const gb = (b: number | null): number | null => (b === null ? null : round2(b / BYTES_PER_GB));
  const result: CanStoreResult = {
    canStore: refusing === null || currentBytes + bytes <= refusing,
    requested: bytes,
    requestedMB: round2(bytes / BYTES_PER_MB),
    current: currentBytes,
    currentGB: round2(currentBytes / BYTES_PER_GB),
    limit,
    limitGB: limits.storage_gb.limit,
    availableBytes,
    availableGB: gb(availableBytes),
    utilization: limit === null ? 0 : percentOf(currentBytes, limit),
  };
  if (result.canStore) return ok(result);
  // Two decimals rather than the seed's whole numbers: "Current: 0 GB" of a 1 GB plan helps nobody.
  return ok({
    ...result,
    reason: `Cannot store ${result.requestedMB} MB. Current: ${result.currentGB} GB, Limit: ${result.limitGB ?? 'unlimited'} GB, Available: ${result.availableGB ?? 'unlimited'} GB`,
    ...(plan === 'enterprise' ? {} : { suggestion: `Upgrade to ${nextPlan(plan)} plan for more storage` }),
  });
};
