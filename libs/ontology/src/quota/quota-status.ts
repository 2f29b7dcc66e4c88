import type { Plan } from '../contracts/entities';
import {
  CONSUMABLE_METRICS,
  groupQuotas,
  type GroupQuotas,
  type GroupQuotasInput,
  type QuotaTable,
  type QuotaWarning,
} from './group-quotas';

export type OverallQuotaStatus = 'exceeded' | 'critical' | 'warning' | 'healthy';

export interface QuotaStatusReport {
  readonly group: { readonly id: string; readonly plan: Plan };
  readonly status: OverallQuotaStatus;
  readonly metrics: QuotaTable;
  readonly warnings: QuotaWarning[];
  readonly recommendations: string[];
  readonly lastUpdated: number;
}

const overall = ({ summary }: GroupQuotas): OverallQuotaStatus => {
  if (summary.exceededCount > 0) return 'exceeded';
  if (summary.criticalCount > 0) return 'critical';
  if (summary.warningCount > 0) return 'warning';
  return 'healthy';
};

/**
 * The seed's recommendations with its quirks fixed: a warning-level metric gets its own line, and
 * a starter group at any alert level (not only `warning`) is pointed at Pro.
 */
export const recommendationsFor = (quotas: GroupQuotas): string[] => {
  const lines: string[] = [];
  for (const metric of CONSUMABLE_METRICS) {
    const { status, percentUsed } = quotas.quotas[metric];
    if (status === 'exceeded') lines.push(`CRITICAL: ${metric} limit exceeded. Upgrade plan required.`);
    if (status === 'critical') lines.push(`WARNING: ${metric} at ${percentUsed}% capacity. Consider upgrading.`);
    if (status === 'warning') lines.push(`NOTICE: ${metric} at ${percentUsed}% capacity. Plan ahead for more capacity.`);
  }
  const { warningCount, criticalCount, exceededCount } = quotas.summary;
  if (quotas.plan === 'starter' && warningCount + criticalCount + exceededCount > 0) {
    lines.push('Consider upgrading to Pro plan for 10x more capacity.');
  }
  if (quotas.plan === 'pro' && criticalCount + exceededCount > 0) {
    lines.push('Contact sales for Enterprise plan (unlimited quotas).');
  }
  if (lines.length === 0) lines.push('All quotas healthy. Keep monitoring usage.');
  return lines;
};

export const quotaStatus = (input: GroupQuotasInput, now: number): QuotaStatusReport => {
  const quotas = groupQuotas(input);
  return {
    group: { id: quotas.groupId, plan: quotas.plan },
    status: overall(quotas),
    metrics: quotas.quotas,
    warnings: quotas.warnings,
    recommendations: recommendationsFor(quotas),
    lastUpdated: now,
  };
};
