import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray } from 'class-validator';
import { MAX_BATCH_ITEMS, MAX_ID_CHARS } from '../common/limits';

/** Documents one item; items are validated one by one in the service, so a bad item fails alone (SPEC §3). */
export class ClientEventItemDto {
  @ApiProperty({ description: 'an event type of the composition that is not a platform type (e.g. revenue_generated)', maxLength: 64 })
  type!: string;

  @ApiPropertyOptional({ description: 'a thing of the group', maxLength: MAX_ID_CHARS })
  actorId?: string;

  @ApiPropertyOptional({ description: 'a thing of the group', maxLength: MAX_ID_CHARS })
  targetId?: string;

  @ApiPropertyOptional({ description: 'event time, epoch ms; defaults to now; any past time after 2000-01-01, at most 5 minutes ahead' })
  timestamp?: number;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'revenue_generated: {amount ≥ 0, currency (ISO 4217, default USD)}',
  })
  metadata?: Record<string, unknown>;
}

export class EventsBatchDto {
  /** Its items are validated one by one by the service; the request pipe passes them on as sent. */
  static readonly itemList = 'events';

  @ApiProperty({ type: [ClientEventItemDto], maxItems: MAX_BATCH_ITEMS })
  @IsArray()
  events!: unknown[];
}
