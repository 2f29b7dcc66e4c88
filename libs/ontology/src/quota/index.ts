export {
  PLAN_LIMITS,
  PLAN_PRICES,
  PLAN_NAMES,
  BYTES_PER_GB,
  BYTES_PER_MB,
  quotaMetricOf,
  round2,
  type QuotaLimits,
  type PlanPrice,
} from './plans';
export { ALL_TIME_PERIOD, periodStartFor, periodEndFor, resetAt, usagePeriodStart } from './periods';
export {
  THRESHOLD_LEVELS,
  WARNING_PERCENT,
  CRITICAL_PERCENT,
  levelOf,
  percentOf,
  metricStatus,
  crossedLevels,
  type QuotaLevel,
  type ThresholdLevel,
  type MetricStatus,
} from './metric-status';
export {
  CONSUMABLE_METRICS,
  groupQuotas,
  storageStatus,
  retentionStatus,
  type ConsumableMetric,
  type GroupQuotas,
  type GroupQuotasInput,
  type QuotaTable,
  type QuotaWarning,
  type LimitedStatus,
  type RetentionStatus,
} from './group-quotas';
export {
  effectiveLimits,
  usageLimitOf,
  hardLimit,
  parseLimitOverrides,
  type LimitSetting,
  type LimitOverrides,
  type EffectiveLimit,
  type EffectiveLimits,
} from './limits';
export {
  MAX_DAY_RECORDS,
  MAX_HISTORY_PERIODS,
  noteLevel,
  noteCount,
  historyPeriods,
  gaugeHistory,
  callsHistory,
  type DayRecords,
  type HistoryGranularity,
  type HistoryItem,
} from './usage-history';
export { quotaStatus, recommendationsFor, type QuotaStatusReport, type OverallQuotaStatus } from './quota-status';
export { upgradePricing, type UpgradePricing, type UpgradeOffer, type PlanOffer } from './upgrade-pricing';
export { canCreate, canStore, checkQuantity, type CanCreateResult, type CanStoreResult } from './capacity-checks';
export { enforce, admit, quotaExceededMessage, type EnforceResult } from './admission';
export {
  EMPTY_COUNTER,
  addReservation,
  applyUsage,
  expiredReservations,
  releaseReservations,
  type CounterState,
  type Reservation,
} from './counter-state';
