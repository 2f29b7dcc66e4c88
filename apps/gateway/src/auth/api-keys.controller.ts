import { Body, Controller, HttpCode, Param, Req } from '@nestjs/common';
import { CreateApiKeyDto, PatchApiKeyDto, type ApiKeyDto, type ApiKeyListDto, type IssuedApiKeyDto } from '@onescale/api';
import { ProblemException, notFound } from '@onescale/platform';
import { callerOf, type GatewayRequest } from '../gateway-request';
import { route } from '../routes/find-route';
import { ApiRoute } from '../routes/route.decorator';
import { GroupLineage, type Lineage } from '../tenancy/group-lineage';
import { ApiKeys } from './api-keys.service';

const GROUP_KEYS = '/v1/groups/:groupId/api-keys';

/** Group admins (and the platform admin key) issue, list, rate-limit and revoke the keys of their groups. */
@Controller()
export class ApiKeysController {
  constructor(
    private readonly apiKeys: ApiKeys,
    private readonly lineage: GroupLineage,
  ) {}

  @ApiRoute(route('POST', GROUP_KEYS))
  @HttpCode(201)
  async issue(@Req() req: GatewayRequest, @Param('groupId') groupId: string, @Body() body: CreateApiKeyDto): Promise<IssuedApiKeyDto> {
    const group = await this.group(req, groupId);
    return this.apiKeys.issue({ id: group.groupId, rootGroupId: group.rootGroupId }, body.role, callerOf(req), body.rateLimit);
  }

  @ApiRoute(route('PATCH', `${GROUP_KEYS}/:keyId`))
  async patch(
    @Req() req: GatewayRequest,
    @Param('groupId') groupId: string,
    @Param('keyId') keyId: string,
    @Body() body: PatchApiKeyDto,
  ): Promise<ApiKeyDto> {
    await this.group(req, groupId);
    const changed = await this.apiKeys.limit(groupId, keyId, body.rateLimit);
    if (!changed) throw new ProblemException(404, 'not_found', `api key ${keyId} not found in group ${groupId}`);
    return changed;
  }

  @ApiRoute(route('GET', GROUP_KEYS))
  async list(@Req() req: GatewayRequest, @Param('groupId') groupId: string): Promise<ApiKeyListDto> {
    await this.group(req, groupId);
    return { items: await this.apiKeys.list(groupId) };
  }

  @ApiRoute(route('DELETE', `${GROUP_KEYS}/:keyId`))
  @HttpCode(204)
  async revoke(@Req() req: GatewayRequest, @Param('groupId') groupId: string, @Param('keyId') keyId: string): Promise<void> {
    await this.group(req, groupId);
    if (!(await this.apiKeys.revoke(groupId, keyId)))
      throw new ProblemException(404, 'not_found', `api key ${keyId} not found in group ${groupId}`);
  }

  /** The group must exist (the guard already resolved it for group keys; the platform key looks it up here). */
  private async group(req: GatewayRequest, groupId: string): Promise<Lineage> {
    const lineage = req.lineage ?? (await this.lineage.of(groupId));
    if (!lineage) throw notFound(`group ${groupId}`);
    return lineage;
  }
}
