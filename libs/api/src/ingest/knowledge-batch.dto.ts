import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsNumber, IsObject, IsString, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../common/optional';
import { KNOWLEDGE_ROLES, KNOWLEDGE_TYPES, type KnowledgeRole, type KnowledgeType } from '@onescale/ontology';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

export class KnowledgeItemDto {
  @ApiProperty({ enum: KNOWLEDGE_TYPES })
  @IsString()
  @MaxLength(32)
  knowledgeType!: KnowledgeType;

  @ApiPropertyOptional({ description: 'required for document and chunk; at most 64 KiB' })
  @Optional()
  @IsString()
  @MaxLength(65_536)
  text?: string;

  @ApiPropertyOptional({ type: [Number], maxItems: 4096 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(4096)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  embedding?: number[];

  @ApiPropertyOptional({ type: [String], maxItems: 64 })
  @Optional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsString({ each: true })
  @MaxLength(128, { each: true })
  labels?: string[];

  @ApiPropertyOptional({ description: 'the thing this knowledge belongs to', maxLength: MAX_ID_CHARS })
  @Optional()
  @IsString()
  @MaxLength(MAX_ID_CHARS)
  sourceThingId?: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_ROLES })
  @Optional()
  @IsIn(KNOWLEDGE_ROLES)
  role?: KnowledgeRole;
}

export class KnowledgeBatchDto {
  @ApiProperty({ type: [KnowledgeItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  @IsObject({ each: true, message: 'each item must be a JSON object' })
  @ValidateNested({ each: true })
  @Type(() => KnowledgeItemDto)
  knowledge!: KnowledgeItemDto[];
}
