import { PLANS, type Plan } from '../contracts/entities';
import { PLAN_LIMITS, PLAN_NAMES, PLAN_PRICES, type QuotaLimits } from './plans';

export interface PlanOffer {
  readonly name: string;
  /** null = custom pricing (enterprise: contact sales). */
  readonly monthlyPrice: number | null;
  readonly annualPrice: number | null;
  readonly quotas: QuotaLimits;
}

export interface UpgradeOffer extends PlanOffer {
  readonly plan: Plan;
  /** Target minus current price; null when the target's price is custom. */
  readonly upgrade: { readonly monthlyDifference: number | null; readonly annualDifference: number | null };
}

export interface UpgradePricing {
  readonly current: PlanOffer;
  readonly upgrades: UpgradeOffer[];
}

const offer = (plan: Plan): PlanOffer => ({
  name: PLAN_NAMES[plan],
  monthlyPrice: PLAN_PRICES[plan].monthly,
  annualPrice: PLAN_PRICES[plan].annual,
  quotas: PLAN_LIMITS[plan],
});

/** A custom price has no difference to show; a custom current price (never a source plan today) counts as 0. */
const difference = (target: number | null, current: number | null): number | null => (target === null ? null : target - (current ?? 0));

/**
 * Every plan above `currentPlan`, in order. Enterprise keeps the seed's code shape (null prices and an
 * `upgrade` object whose differences are null) rather than the doc's "custom" string, so clients read
 * one type: number | null.
 */
export const upgradePricing = (currentPlan: Plan): UpgradePricing => {
  const current = offer(currentPlan);
  const upgrades = PLANS.slice(PLANS.indexOf(currentPlan) + 1).map((plan): UpgradeOffer => {
    const target = offer(plan);
    return {
      plan,
      ...target,
      upgrade: {
        monthlyDifference: difference(target.monthlyPrice, current.monthlyPrice),
        annualDifference: difference(target.annualPrice, current.annualPrice),
      },
    };
  });
  return { current, upgrades };
};
