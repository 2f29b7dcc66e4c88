import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength } from 'class-validator';
import { Optional } from '../common/optional';
import { GROUP_STATUSES, GROUP_TYPES, PLANS, type GroupStatus, type GroupType, type Plan } from '@onescale/ontology';
import { IsJsonObject } from '../common/json-object.validator';
import { MAX_ID_CHARS } from '../common/limits';

export class CreateGroupDto {
  @ApiProperty({ maxLength: 200, example: 'Acme Creators' })
  @IsString()
  @MaxLength(200)
  name!: string;

  @ApiPropertyOptional({ maxLength: 64, description: 'lowercase letters, digits and dashes; derived from the name when absent' })
  @Optional()
  @IsString()
  @MaxLength(64)
  slug?: string;

  @ApiProperty({ enum: GROUP_TYPES })
  @IsIn(GROUP_TYPES)
  type!: GroupType;

  @ApiPropertyOptional({ description: 'nests the new group under an existing, active group' })
  @Optional()
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  parentGroupId?: string;

  @ApiPropertyOptional({
    enum: PLANS,
    description:
      'root groups only (a sub-group has its root’s plan); defaults by type: business, community, dao → pro; government → enterprise; others → starter',
  })
  @Optional()
  @IsIn(PLANS)
  plan?: Plan;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsJsonObject()
  settings?: Record<string, unknown>;
}

export class PatchGroupDto {
  @ApiPropertyOptional({ maxLength: 200 })
  @Optional()
  @IsString()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'replaces the settings whole' })
  @Optional()
  @IsJsonObject()
  settings?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: PLANS, description: 'platform admin key only; root groups only' })
  @Optional()
  @IsIn(PLANS)
  plan?: Plan;

  @ApiPropertyOptional({ enum: GROUP_STATUSES, description: 'platform admin key or an admin key of an ancestor group' })
  @Optional()
  @IsIn(GROUP_STATUSES)
  status?: GroupStatus;
}
