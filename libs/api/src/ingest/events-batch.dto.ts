import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';
import { IsJsonObject } from '../common/json-object.validator';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

export class ClientEventItemDto {
  @ApiProperty({ description: 'an event type of the composition that is not a platform type (e.g. revenue_generated)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  type!: string;

  @ApiPropertyOptional({ description: 'a thing of the group', maxLength: MAX_ID_CHARS })
  @Optional()
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  actorId?: string;

  @ApiPropertyOptional({ description: 'a thing of the group', maxLength: MAX_ID_CHARS })
  @Optional()
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  targetId?: string;

  @ApiPropertyOptional({ description: 'event time, epoch ms; defaults to now; any past time after 2000-01-01, at most 5 minutes ahead' })
  @Optional()
  @IsInt()
  timestamp?: number;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'revenue_generated: {amount ≥ 0, currency (ISO 4217, default USD)}' })
  @Optional()
  @IsJsonObject()
  metadata?: Record<string, unknown>;
}

export class EventsBatchDto {
  @ApiProperty({ type: [ClientEventItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => ClientEventItemDto)
  events!: ClientEventItemDto[];
}
