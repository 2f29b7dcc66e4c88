import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

/** Documents one item; items are validated one by one in the service, so a bad item fails alone (SPEC §3). */
export class NewConnectionItemDto {
  @ApiProperty({ maxLength: MAX_ID_CHARS })
  fromThingId!: string;

  @ApiProperty({ maxLength: MAX_ID_CHARS })
  toThingId!: string;

  @ApiProperty({ description: 'a connection type of the composition (e.g. authored, following)', maxLength: 64 })
  relationshipType!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  metadata?: Record<string, unknown>;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  strength?: number;

  @ApiPropertyOptional({ description: 'epoch ms' })
  validFrom?: number;

  @ApiPropertyOptional({ description: 'epoch ms, not before validFrom' })
  validTo?: number;
}

export class ConnectionsBatchDto {
  /** Its items are validated one by one by the service; the request pipe passes them on as sent. */
  static readonly itemList = 'connections';

  @ApiProperty({ type: [NewConnectionItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  connections!: unknown[];
}
