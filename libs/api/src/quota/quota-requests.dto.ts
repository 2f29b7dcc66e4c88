import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, Max, Min } from 'class-validator';
import { PLANS, type Plan } from '@onescale/ontology';
import { Optional } from '../common/optional';
import { QueryInt } from '../common/query-int';

/**
 * Metrics a request may name: the quota metrics that are used up, plus `storage_bytes` (storage as
 * counted). `storage_gb` amounts are whole GB (1 GB = 1024³ bytes).
 */
export const REQUEST_METRICS = [
  'users',
  'storage_gb',
  'storage_bytes',
  'api_calls_per_month',
  'entities_total',
  'connections_total',
] as const;
export type RequestMetric = (typeof REQUEST_METRICS)[number];

/** The period a counter runs over: api calls per UTC calendar month, gauges for all time. */
export const COUNTER_PERIODS = ['monthly', 'all_time'] as const;
export type CounterPeriod = (typeof COUNTER_PERIODS)[number];

const MAX = Number.MAX_SAFE_INTEGER;
/** A hand-recorded amount is a correction, not a way to push a counter anywhere (SPEC §2: |amount| ≤ 10^12). */
export const MAX_USAGE_AMOUNT = 1e12;
const metricMessage = { message: `$property must be one of: ${REQUEST_METRICS.join(', ')}` };

export class CanCreateQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many entities the caller wants to create' })
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX)
  count!: number;
}

export class CanStoreQueryDto {
  @ApiProperty({ type: 'integer', minimum: 0, description: 'how many bytes the caller wants to store' })
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX)
  bytes!: number;
}

export class EnforceQuotaDto {
  @ApiProperty({ enum: REQUEST_METRICS })
  @IsIn(REQUEST_METRICS, metricMessage)
  metric!: RequestMetric;

  @ApiProperty({ type: 'integer', minimum: 0, description: 'in the metric’s unit (bytes, GB, items, calls)' })
  @IsInt()
  @Min(0)
  @Max(MAX)
  requestedAmount!: number;
}

export class RecordUsageDto {
  @ApiProperty({ enum: REQUEST_METRICS })
  @IsIn(REQUEST_METRICS, metricMessage)
  metric!: RequestMetric;

  @ApiProperty({
    type: 'integer',
    minimum: -MAX_USAGE_AMOUNT,
    maximum: MAX_USAGE_AMOUNT,
    description: 'signed: a negative amount lowers a gauge (a correction)',
  })
  @IsInt()
  @Min(-MAX_USAGE_AMOUNT)
  @Max(MAX_USAGE_AMOUNT)
  amount!: number;

  @ApiPropertyOptional({ enum: COUNTER_PERIODS, description: 'must match the metric: monthly for api calls, all_time for gauges' })
  @Optional()
  @IsIn(COUNTER_PERIODS)
  period?: CounterPeriod;
}

export class ResetCounterDto {
  @ApiProperty({ enum: REQUEST_METRICS, description: 'only api_calls_per_month has periods to reset; gauges are refused' })
  @IsIn(REQUEST_METRICS, metricMessage)
  metric!: RequestMetric;

  @ApiProperty({ enum: COUNTER_PERIODS })
  @IsIn(COUNTER_PERIODS)
  period!: CounterPeriod;
}

export class UpgradePricingQueryDto {
  @ApiProperty({ enum: PLANS })
  @IsIn(PLANS, { message: `currentPlan must be one of: ${PLANS.join(', ')}` })
  currentPlan!: Plan;
}

/**
 * PUT /v1/groups/:groupId/limits: documents the body; quota reads it with the ontology's
 * `parseLimitOverrides` (metric names are keys, which class-validator cannot check).
 */
export class SetLimitsDto {
  @ApiProperty({
    type: 'object',
    description:
      "metric → its limit (integer ≥ 0, or null = unlimited; storage_gb in GB, events_retention_days in days) and whether it is soft. Replaces every override: a metric left out goes back to the plan's limit.",
    additionalProperties: {
      type: 'object',
      required: ['limit'],
      properties: {
        limit: { type: 'integer', minimum: 0, nullable: true },
        soft: { type: 'boolean', description: 'reported and notified, never refusing a write (default false)' },
      },
    },
    example: { entities_total: { limit: 250 }, api_calls_per_month: { limit: 5000, soft: true } },
  })
  limits!: Record<string, { limit: number | null; soft?: boolean }>;
}

export const HISTORY_GRANULARITIES = ['day', 'month'] as const;

/** Epoch ms far enough for any period (Date's own limit is 8.64e15). */
const MAX_TIME = 8_640_000_000_000_000;

/** GET /v1/groups/:groupId/usage/history */
export class UsageHistoryQueryDto {
  @ApiProperty({ enum: REQUEST_METRICS, description: 'storage_gb answers GB (2 decimals), storage_bytes bytes' })
  @IsIn(REQUEST_METRICS, metricMessage)
  metric!: RequestMetric;

  @ApiPropertyOptional({
    enum: HISTORY_GRANULARITIES,
    default: 'day',
    description: 'UTC days (at most 366) or calendar months (at most 120)',
  })
  @Optional()
  @IsIn(HISTORY_GRANULARITIES)
  granularity?: (typeof HISTORY_GRANULARITIES)[number];

  @ApiPropertyOptional({
    type: 'integer',
    description: 'epoch ms: from the period containing it (default: 30 days or 12 months before `to`)',
  })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME)
  from?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'epoch ms: to the period containing it (default and at most: now)' })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME)
  to?: number;
}
