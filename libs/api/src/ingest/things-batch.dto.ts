import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';
import { THING_STATUSES, type ThingStatus } from '@onescale/ontology';
import { IsJsonObject } from '../common/json-object.validator';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

export class NewThingItemDto {
  @ApiProperty({ description: 'a thing type of the composition (e.g. creator, blog_post)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  type!: string;

  @ApiProperty({ minLength: 1, maxLength: 512, description: 'trimmed; must not be empty' })
  @IsString()
  @MaxLength(512)
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'JSON object, at most 64 KiB' })
  @Optional()
  @IsJsonObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: THING_STATUSES })
  @Optional()
  @IsString()
  @MaxLength(32)
  status?: ThingStatus;
}

export class ThingsBatchOptionsDto {
  @ApiPropertyOptional({ enum: THING_STATUSES, description: 'status of items that give none (default draft)' })
  @Optional()
  @IsIn(THING_STATUSES)
  defaultStatus?: ThingStatus;
}

export class ThingsBatchDto {
  @ApiProperty({ type: [NewThingItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => NewThingItemDto)
  things!: NewThingItemDto[];

  @ApiPropertyOptional({ type: ThingsBatchOptionsDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ThingsBatchOptionsDto)
  options?: ThingsBatchOptionsDto;
}

export class ThingUpdateItemDto {
  @ApiProperty({ maxLength: MAX_ID_CHARS })
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  thingId!: string;

  @ApiPropertyOptional({ maxLength: 512 })
  @Optional()
  @IsString()
  @MaxLength(512)
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'replaces the old properties' })
  @Optional()
  @IsJsonObject()
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: THING_STATUSES })
  @Optional()
  @IsString()
  @MaxLength(32)
  status?: ThingStatus;
}

export class ThingsUpdateBatchDto {
  @ApiProperty({ type: [ThingUpdateItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => ThingUpdateItemDto)
  updates!: ThingUpdateItemDto[];
}
