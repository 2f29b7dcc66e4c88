import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import {
  USAGE_METRICS,
  hardLimit,
  resetAt,
  usageLimitOf,
  utcMonthStart,
  type ApiCallsReading,
  type ReserveResponse,
  type RetentionReading,
  type UsageMetric,
} from '@onescale/ontology';
import { ProblemException } from '@onescale/platform';
import { GroupDirectory } from '../groups/group-directory';
import { QuotaReader } from '../quotas/quota-reader';
import { ReleaseQueryDto, ReserveRequestDto } from './reserve-request.dto';
import { Reservations } from './reservations';

export interface RootUsage {
  readonly rootGroupId: string;
  /** null when the group is not known (yet): its counters are still shown. */
  readonly plan: string | null;
  /** Start of the month `api_calls_per_month` counts in. */
  readonly periodStart: number;
  readonly usage: Readonly<Record<UsageMetric, number>>;
  readonly reserved: Readonly<Record<UsageMetric, number>>;
  readonly limits: Readonly<Record<UsageMetric, number | null>> | null;
}

/**
 * Service-to-service routes: reservations for ingest, api-call readings for the gateway, usage for
 * audits, retention for the archiver.
 */
@ApiExcludeController()
@Controller('internal')
export class InternalController {
  constructor(
    private readonly reservations: Reservations,
    private readonly reader: QuotaReader,
    private readonly groups: GroupDirectory,
  ) {}

  @Post('reservations')
  @HttpCode(200)
  reserve(@Body() body: ReserveRequestDto): Promise<ReserveResponse> {
    return this.reservations.reserve(body);
  }

  @Delete('reservations/:reservationId')
  async release(
    @Param('reservationId') reservationId: string,
    @Query() query: ReleaseQueryDto,
  ): Promise<{ reservationId: string; released: number }> {
    return { reservationId, released: await this.reservations.release(reservationId, query.rootGroupId, query.metric) };
  }

  @Get('api-calls/:rootGroupId')
  async apiCalls(@Param('rootGroupId') rootGroupId: string): Promise<ApiCallsReading> {
    const ctx = await this.rootContext(rootGroupId);
    // The limit the gateway refuses at: none when the root's api-call limit is soft.
    return {
      used: ctx.usage.api_calls_per_month,
      limit: hardLimit(ctx.limits.api_calls_per_month),
      resetAt: resetAt('api_calls_per_month', ctx.now)!,
    };
  }

  /** Every counter of a root group (audits, diagnosis); answers even for a group quota cannot resolve. */
  @Get('usage/:rootGroupId')
  async usage(@Param('rootGroupId') rootGroupId: string): Promise<RootUsage> {
    const root = await this.groups.resolve(rootGroupId).then(
      (resolved) => resolved?.root ?? null,
      () => null,
    );
    const plan = root?.plan ?? null;
    const ctx = await this.reader.contextOfRoot(rootGroupId, rootGroupId, plan ?? 'starter');
    const limits =
      plan === null
        ? null
        : (Object.fromEntries(USAGE_METRICS.map((m) => [m, usageLimitOf(ctx.limits, m).limit])) as Record<UsageMetric, number | null>);
    return { rootGroupId, plan, periodStart: utcMonthStart(ctx.now), usage: ctx.usage, reserved: ctx.reserved, limits };
  }

  /** How long a group's events are kept (its root's retention, an override included); null = forever. */
  @Get('retention/:groupId')
  async retention(@Param('groupId') groupId: string): Promise<RetentionReading> {
    const ctx = await this.reader.context(groupId);
    return { groupId, rootGroupId: ctx.rootGroupId, days: ctx.limits.events_retention_days.limit };
  }

  private async rootContext(rootGroupId: string) {
    const resolved = await this.groups.resolve(rootGroupId);
    if (!resolved) throw new ProblemException(404, 'group_not_found', `group ${rootGroupId} not found`);
    const { root } = resolved;
    return this.reader.contextOfRoot(root._id, root._id, root.plan);
  }
}
