import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PLANS, type Plan } from '@onescale/ontology';

// Response shapes of the quota routes, for the API document (the app builds them from the ontology's rules).

const LEVELS = ['ok', 'warning', 'critical', 'exceeded', 'unlimited'];

export class MetricStatusDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null only for unlimited retention' }) current!: number | null;
  @ApiProperty({ nullable: true, type: Number, description: 'null = unlimited' }) limit!: number | null;
  @ApiProperty() percentUsed!: number;
  @ApiProperty({ enum: LEVELS }) status!: string;
  @ApiPropertyOptional({ enum: [true], description: 'present when the limit is soft: reported and notified, never refusing a write' })
  soft?: true;
}

export class QuotaTableDto {
  @ApiProperty() users!: MetricStatusDto;
  @ApiProperty({ description: 'current and limit in GB' }) storage_gb!: MetricStatusDto;
  @ApiProperty() api_calls_per_month!: MetricStatusDto;
  @ApiProperty() entities_total!: MetricStatusDto;
  @ApiProperty() connections_total!: MetricStatusDto;
  @ApiProperty() events_retention_days!: MetricStatusDto;
}

export class QuotaWarningDto extends MetricStatusDto {
  @ApiProperty() metric!: string;
}

export class QuotaSummaryDto {
  @ApiProperty() allOk!: boolean;
  @ApiProperty() warningCount!: number;
  @ApiProperty() criticalCount!: number;
  @ApiProperty() exceededCount!: number;
}

export class GroupQuotasDto {
  @ApiProperty() groupId!: string;
  @ApiProperty({ description: 'the group whose quotas apply (a sub-group counts against its root)' }) rootGroupId!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
  @ApiProperty() quotas!: QuotaTableDto;
  @ApiProperty({ type: [QuotaWarningDto], description: 'every metric in warning, critical or exceeded' }) warnings!: QuotaWarningDto[];
  @ApiProperty() summary!: QuotaSummaryDto;
  @ApiProperty({ description: 'when api_calls_per_month starts over (epoch ms)' }) apiCallsResetAt!: number;
}

export class QuotaStatusGroupDto {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
}

export class QuotaStatusDto {
  @ApiProperty() group!: QuotaStatusGroupDto;
  @ApiProperty() rootGroupId!: string;
  @ApiProperty({ enum: ['exceeded', 'critical', 'warning', 'healthy'] }) status!: string;
  @ApiProperty() metrics!: QuotaTableDto;
  @ApiProperty({ type: [QuotaWarningDto] }) warnings!: QuotaWarningDto[];
  @ApiProperty({ type: [String] }) recommendations!: string[];
  @ApiProperty() lastUpdated!: number;
}

export class CanCreateDto {
  @ApiProperty() canCreate!: boolean;
  @ApiProperty() requested!: number;
  @ApiProperty() current!: number;
  @ApiProperty({ nullable: true, type: Number }) limit!: number | null;
  @ApiProperty({ nullable: true, type: Number }) availableSlots!: number | null;
  @ApiProperty() utilization!: number;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() suggestion?: string;
}

export class CanStoreDto {
  @ApiProperty() canStore!: boolean;
  @ApiProperty() requested!: number;
  @ApiProperty() requestedMB!: number;
  @ApiProperty() current!: number;
  @ApiProperty() currentGB!: number;
  @ApiProperty({ nullable: true, type: Number }) limit!: number | null;
  @ApiProperty({ nullable: true, type: Number }) limitGB!: number | null;
  @ApiProperty({ nullable: true, type: Number }) availableBytes!: number | null;
  @ApiProperty({ nullable: true, type: Number }) availableGB!: number | null;
  @ApiProperty() utilization!: number;
  @ApiPropertyOptional() reason?: string;
  @ApiPropertyOptional() suggestion?: string;
}

export class EnforceResultDto {
  @ApiProperty() metric!: string;
  @ApiProperty() current!: number;
  @ApiProperty() requested!: number;
  @ApiProperty({ nullable: true, type: Number }) limit!: number | null;
  @ApiProperty({ nullable: true, type: Number }) available!: number | null;
  @ApiProperty({ enum: [true] }) canProceed!: true;
}

export class UsageRecordedDto {
  @ApiProperty() metric!: string;
  @ApiProperty() amount!: number;
  @ApiProperty({ enum: ['monthly', 'all_time'] }) period!: string;
  @ApiProperty() periodStart!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'the counter after this record; null if not yet applied (HTTP 202)' })
  value!: number | null;
  @ApiProperty() eventId!: string;
}

export class CounterResetDto {
  @ApiProperty() metric!: string;
  @ApiProperty() period!: string;
  @ApiProperty() periodStart!: number;
  @ApiProperty() previousValue!: number;
  @ApiProperty({ description: '1 when the counter was set back to 0, 0 when it already was' }) recordsReset!: number;
}

export class PlanOfferDto {
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: Number, description: 'null = custom pricing' }) monthlyPrice!: number | null;
  @ApiProperty({ nullable: true, type: Number }) annualPrice!: number | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number', nullable: true } }) quotas!: Record<string, number | null>;
}

export class UpgradeDifferenceDto {
  @ApiProperty({ nullable: true, type: Number }) monthlyDifference!: number | null;
  @ApiProperty({ nullable: true, type: Number }) annualDifference!: number | null;
}

export class UpgradeOfferDto extends PlanOfferDto {
  @ApiProperty({ enum: PLANS }) plan!: Plan;
  @ApiProperty() upgrade!: UpgradeDifferenceDto;
}

export class UpgradePricingDto {
  @ApiProperty() current!: PlanOfferDto;
  @ApiProperty({ type: [UpgradeOfferDto] }) upgrades!: UpgradeOfferDto[];
}

export class EffectiveLimitDto {
  @ApiProperty({ nullable: true, type: Number, description: 'null = unlimited; storage_gb in GB, events_retention_days in days' })
  limit!: number | null;
  @ApiProperty({ description: 'a soft limit is reported (status exceeded) and notified but never refuses a write' }) soft!: boolean;
  @ApiProperty({ enum: ['plan', 'override'], description: "the plan's limit, or one the platform admin set" }) source!: string;
}

export class EffectiveLimitsDto {
  @ApiProperty() users!: EffectiveLimitDto;
  @ApiProperty() storage_gb!: EffectiveLimitDto;
  @ApiProperty() api_calls_per_month!: EffectiveLimitDto;
  @ApiProperty() entities_total!: EffectiveLimitDto;
  @ApiProperty() connections_total!: EffectiveLimitDto;
  @ApiProperty() events_retention_days!: EffectiveLimitDto;
}

export class GroupLimitsDto {
  @ApiProperty() groupId!: string;
  @ApiProperty({ description: 'the group whose limits apply (a sub-group is held to its root)' }) rootGroupId!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
  @ApiProperty({ description: 'every metric: the limit the group is held to and where it comes from' }) limits!: EffectiveLimitsDto;
}

export class HistoryItemDto {
  @ApiProperty({ description: 'start of the UTC day or month (epoch ms)' }) periodStart!: number;
  @ApiProperty({ description: "a gauge's level at the period's end (now for the current period); api calls made within the period" })
  value!: number;
}

export class UsageHistoryDto {
  @ApiProperty() metric!: string;
  @ApiProperty({ enum: ['day', 'month'] }) granularity!: string;
  @ApiProperty({ type: [HistoryItemDto], description: 'oldest first, one per period' }) items!: HistoryItemDto[];
}
