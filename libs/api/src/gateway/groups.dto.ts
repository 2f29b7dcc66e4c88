import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GROUP_STATUSES, GROUP_TYPES, PLANS, type GroupStatus, type GroupType, type Plan } from '@onescale/ontology';
import { IssuedApiKeyDto } from './api-keys.dto';

/**
 * Response shapes of the group routes, for the OpenAPI document (ingest answers them; it had no
 * response DTOs when the gateway was written, so they live here until ingest owns them).
 */
export class GroupDto {
  @ApiProperty() id!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: GROUP_TYPES }) type!: GroupType;
  @ApiPropertyOptional() parentGroupId?: string;
  @ApiProperty({ description: 'top of the hierarchy (itself for a root group): quotas count here' }) rootGroupId!: string;
  @ApiProperty({ enum: PLANS }) plan!: Plan;
  @ApiProperty({ enum: GROUP_STATUSES }) status!: GroupStatus;
  @ApiProperty({ type: 'object', additionalProperties: true }) settings!: Record<string, unknown>;
  @ApiProperty({ description: 'epoch ms' }) createdAt!: number;
  @ApiProperty({ description: 'epoch ms' }) updatedAt!: number;
}

/** A group write: the group as it is now and the read-your-writes token of its event. */
export class GroupChangeDto {
  @ApiProperty({ type: GroupDto }) group!: GroupDto;
  @ApiProperty({ type: Number, nullable: true, description: 'pass as minPosition to a read to see this write' }) position!: number | null;
}

/** POST /v1/groups: the new group and its first admin key (shown once). */
export class CreatedGroupDto extends GroupChangeDto {
  @ApiProperty({ type: IssuedApiKeyDto }) apiKey!: IssuedApiKeyDto;
}
