import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsObject, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';
import { THING_STATUSES, type ThingStatus } from '@onescale/ontology';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

/** Documents one item; items are validated one by one in the service, so a bad item fails alone (SPEC §3). */
export class NewThingItemDto {
  @ApiProperty({ description: 'a thing type of the composition (e.g. creator, blog_post)', maxLength: 64 })
  type!: string;

  @ApiProperty({ minLength: 1, maxLength: 512, description: 'trimmed; must not be empty' })
  name!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'JSON object, at most 64 KiB' })
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: THING_STATUSES })
  status?: ThingStatus;
}

export class ThingsBatchOptionsDto {
  @ApiPropertyOptional({ enum: THING_STATUSES, description: 'status of items that give none (default draft)' })
  @Optional()
  @IsIn(THING_STATUSES)
  defaultStatus?: ThingStatus;
}

export class ThingsBatchDto {
  /** Its items are validated one by one by the service; the request pipe passes them on as sent. */
  static readonly itemList = 'things';

  @ApiProperty({ type: [NewThingItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  things!: unknown[];

  @ApiPropertyOptional({ type: ThingsBatchOptionsDto })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ThingsBatchOptionsDto)
  options?: ThingsBatchOptionsDto;
}

/** Documents one item; items are validated one by one in the service, so a bad item fails alone (SPEC §3). */
export class ThingUpdateItemDto {
  @ApiProperty({ maxLength: MAX_ID_CHARS })
  thingId!: string;

  @ApiPropertyOptional({ maxLength: 512 })
  name?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, description: 'replaces the old properties' })
  properties?: Record<string, unknown>;

  @ApiPropertyOptional({ enum: THING_STATUSES })
  status?: ThingStatus;
}

export class ThingsUpdateBatchDto {
  /** Its items are validated one by one by the service; the request pipe passes them on as sent. */
  static readonly itemList = 'updates';

  @ApiProperty({ type: [ThingUpdateItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  updates!: unknown[];
}
