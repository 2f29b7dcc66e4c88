import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsNumber, IsObject, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';
import { IsJsonObject } from '../common/json-object.validator';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

export class NewConnectionItemDto {
  @ApiProperty({ maxLength: MAX_ID_CHARS })
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  fromThingId!: string;

  @ApiProperty({ maxLength: MAX_ID_CHARS })
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  toThingId!: string;

  @ApiProperty({ description: 'a connection type of the composition (e.g. authored, following)', maxLength: 64 })
  @IsString()
  @MaxLength(64)
  relationshipType!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @Optional()
  @IsJsonObject()
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  strength?: number;

  @ApiPropertyOptional({ description: 'epoch ms' })
  @Optional()
  @IsInt()
  @Min(0)
  validFrom?: number;

  @ApiPropertyOptional({ description: 'epoch ms, not before validFrom' })
  @Optional()
  @IsInt()
  @Min(0)
  validTo?: number;
}

export class ConnectionsBatchDto {
  @ApiProperty({ type: [NewConnectionItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => NewConnectionItemDto)
  connections!: NewConnectionItemDto[];
}
