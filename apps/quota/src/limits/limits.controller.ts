import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { parseLimitOverrides, type EffectiveLimits, type Plan } from '@onescale/ontology';
import { ProblemException, problemToException } from '@onescale/platform';
import { QuotaReader, type QuotaContext } from '../quotas/quota-reader';
import { LimitOverridesRepository } from './limit-overrides.repository';

export interface GroupLimits {
  readonly groupId: string;
  readonly rootGroupId: string;
  readonly plan: Plan;
  readonly limits: EffectiveLimits;
}

const answer = (ctx: QuotaContext): GroupLimits => ({
  groupId: ctx.groupId,
  rootGroupId: ctx.rootGroupId,
  plan: ctx.plan,
  limits: ctx.limits,
});

/** Limit overrides and soft limits of a root group (the gateway lets only the platform admin key PUT). */
@ApiTags('quotas')
@Controller('v1/groups/:groupId/limits')
export class LimitsController {
  constructor(
    private readonly reader: QuotaReader,
    private readonly overrides: LimitOverridesRepository,
  ) {}

  @Get()
  async read(@Param('groupId') groupId: string): Promise<GroupLimits> {
    return answer(await this.reader.context(groupId));
  }

  /** Limits belong to a root group: a sub-group is held to its root's, so it has none to set. */
  @Put()
  async replace(@Param('groupId') groupId: string, @Body() body: unknown): Promise<GroupLimits> {
    const parsed = parseLimitOverrides(body);
    if (!parsed.ok) throw problemToException(parsed.problem);
    const ctx = await this.reader.context(groupId);
    if (ctx.rootGroupId !== groupId) {
      throw new ProblemException(
        409,
        'not_root_group',
        `limits are set on the root group ${ctx.rootGroupId}, whose limits ${groupId} is held to`,
      );
    }
    await this.overrides.replace(groupId, parsed.value);
    return answer(await this.reader.context(groupId));
  }
}
