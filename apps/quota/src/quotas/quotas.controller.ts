import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  canCreate,
  canStore,
  enforce,
  groupQuotas,
  quotaStatus,
  resetAt,
  upgradePricing,
  type CanCreateResult,
  type CanStoreResult,
  type EnforceResult,
  type GroupQuotas,
  type QuotaStatusReport,
  type UpgradePricing,
} from '@onescale/ontology';
import {
  CanCreateQueryDto,
  CanStoreQueryDto,
  EnforceQuotaDto,
  RecordUsageDto,
  ResetCounterDto,
  UpgradePricingQueryDto,
  type CounterResetDto,
  type UsageRecordedDto,
} from '@onescale/api';
import { ProblemException, problemToException } from '@onescale/platform';
import { CounterMaintenance } from '../counters/counter-maintenance';
import { QuotaReader } from './quota-reader';
import { inRequestUnit, periodOf, usageAmountOf, usageMetricOf } from './request-metric';
import { UsageRecorder } from './usage-recorder';

const unwrap = <T>(result: { ok: true; value: T } | { ok: false; problem: { code: string; message: string; path?: string } }): T => {
  if (!result.ok) throw problemToException(result.problem);
  return result.value;
};

/** SPEC §2 quota routes, served at their public paths (the gateway forwards them unchanged). */
@ApiTags('quotas')
@Controller()
export class QuotasController {
  constructor(
    private readonly reader: QuotaReader,
    private readonly recorder: UsageRecorder,
    private readonly maintenance: CounterMaintenance,
  ) {}

  @Get('v1/groups/:groupId/quotas')
  async quotas(@Param('groupId') groupId: string): Promise<GroupQuotas & { rootGroupId: string; apiCallsResetAt: number | null }> {
    const ctx = await this.reader.context(groupId);
    return {
      ...groupQuotas({ groupId, plan: ctx.plan, usage: ctx.usage, limits: ctx.limits }),
      rootGroupId: ctx.rootGroupId,
      apiCallsResetAt: resetAt('api_calls_per_month', ctx.now),
    };
  }

  @Get('v1/groups/:groupId/quotas/status')
  async status(@Param('groupId') groupId: string): Promise<QuotaStatusReport & { rootGroupId: string }> {
    const ctx = await this.reader.context(groupId);
    return { ...quotaStatus({ groupId, plan: ctx.plan, usage: ctx.usage, limits: ctx.limits }, ctx.now), rootGroupId: ctx.rootGroupId };
  }

  @Get('v1/groups/:groupId/quotas/can-create')
  async canCreate(@Param('groupId') groupId: string, @Query() query: CanCreateQueryDto): Promise<CanCreateResult> {
    const ctx = await this.reader.context(groupId);
    return unwrap(canCreate({ plan: ctx.plan, limits: ctx.limits, current: ctx.usage.entities_total, count: query.count }));
  }

  @Get('v1/groups/:groupId/quotas/can-store')
  async canStore(@Param('groupId') groupId: string, @Query() query: CanStoreQueryDto): Promise<CanStoreResult> {
    const ctx = await this.reader.context(groupId);
    return unwrap(canStore({ plan: ctx.plan, limits: ctx.limits, currentBytes: ctx.usage.storage_bytes, bytes: query.bytes }));
  }

  @Post('v1/groups/:groupId/quotas/enforce')
  @HttpCode(200)
  async enforce(@Param('groupId') groupId: string, @Body() body: EnforceQuotaDto): Promise<EnforceResult> {
    const ctx = await this.reader.context(groupId);
    const { current, limit } = inRequestUnit(body.metric, ctx.limits, ctx.usage[usageMetricOf(body.metric)]);
    const result = enforce(body.metric, current, body.requestedAmount, limit);
    if (!result.ok && result.problem.code === 'quota_exceeded') {
      throw new ProblemException(403, 'quota_exceeded', result.problem.message, undefined, {
        metric: body.metric,
        current,
        requested: body.requestedAmount,
        limit,
      });
    }
    return unwrap(result);
  }

  @Post('v1/groups/:groupId/usage')
  async recordUsage(
    @Param('groupId') groupId: string,
    @Body() body: RecordUsageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<UsageRecordedDto> {
    const metric = usageMetricOf(body.metric);
    const period = periodOf(metric);
    if (body.period !== undefined && body.period !== period) throw invalid('period', `period of ${body.metric} is ${period}`);
    const ctx = await this.reader.context(groupId);
    const amount = usageAmountOf(body.metric, body.amount);
    if (ctx.usage[metric] + amount < 0) {
      throw invalid('amount', `amount would take ${body.metric} below 0 (current ${ctx.usage[metric]} in the counter's unit)`);
    }
    // Whole GB become bytes: keep the counter an exact integer.
    if (!Number.isSafeInteger(ctx.usage[metric] + amount))
      throw invalid('amount', `amount would take ${body.metric} past what a counter holds exactly`);
    const recorded = await this.recorder.record(ctx, metric, amount);
    res.status(recorded.value === null ? 202 : 200);
    return { metric: body.metric, amount: body.amount, period, ...recorded };
  }

  @Post('v1/groups/:groupId/quotas/reset')
  @HttpCode(200)
  async reset(@Param('groupId') groupId: string, @Body() body: ResetCounterDto): Promise<CounterResetDto> {
    const metric = usageMetricOf(body.metric);
    if (metric !== 'api_calls_per_month') {
      throw new ProblemException(
        400,
        'not_resettable',
        `${body.metric} is a gauge: it counts what exists now and has no period to reset (delete items to lower it)`,
      );
    }
    if (body.period !== 'monthly') throw invalid('period', 'api_calls_per_month runs per calendar month: period must be monthly');
    const ctx = await this.reader.context(groupId);
    const { periodStart, previousValue } = await this.maintenance.resetApiCalls(ctx.rootGroupId, ctx.now);
    return { metric: body.metric, period: body.period, periodStart, previousValue, recordsReset: previousValue > 0 ? 1 : 0 };
  }

  @Get('v1/pricing/upgrades')
  pricing(@Query() query: UpgradePricingQueryDto): UpgradePricing {
    return upgradePricing(query.currentPlan);
  }
}

const invalid = (path: string, message: string): ProblemException =>
  new ProblemException(400, 'validation_failed', message, [{ path, message }]);
