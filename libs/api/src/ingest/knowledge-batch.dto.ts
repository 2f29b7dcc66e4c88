import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { KNOWLEDGE_ROLES, KNOWLEDGE_TYPES, type KnowledgeRole, type KnowledgeType } from '@onescale/ontology';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

/** Documents one item; items are validated one by one in the service, so a bad item fails alone (SPEC §3). */
export class KnowledgeItemDto {
  @ApiProperty({ enum: KNOWLEDGE_TYPES })
  knowledgeType!: KnowledgeType;

  @ApiPropertyOptional({ description: 'required for document and chunk; at most 64 KiB' })
  text?: string;

  @ApiPropertyOptional({ type: [Number], maxItems: 4096 })
  embedding?: number[];

  @ApiPropertyOptional({ type: [String], maxItems: 64 })
  labels?: string[];

  @ApiPropertyOptional({ description: 'the thing this knowledge belongs to', maxLength: MAX_ID_CHARS })
  sourceThingId?: string;

  @ApiPropertyOptional({ enum: KNOWLEDGE_ROLES })
  role?: KnowledgeRole;
}

export class KnowledgeBatchDto {
  /** Its items are validated one by one by the service; the request pipe passes them on as sent. */
  static readonly itemList = 'knowledge';

  @ApiProperty({ type: [KnowledgeItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  knowledge!: unknown[];
}
