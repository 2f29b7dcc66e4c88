import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class BatchItemErrorDto {
  @ApiProperty({ description: 'index of the item in the request' })
  index!: number;

  @ApiProperty({ description: 'stable code, e.g. invalid_type, quota_exceeded, duplicate_connection' })
  code!: string;

  @ApiProperty({ description: 'what is wrong, naming the field and the valid choices' })
  error!: string;

  @ApiPropertyOptional()
  path?: string;
}

export class BatchSummaryDto {
  @ApiProperty() total!: number;
  @ApiProperty() success!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'round(success / total · 100), 0 for an empty batch' }) successRate!: number;
}

export class BatchResultDto {
  @ApiProperty({ type: [String], description: 'ids of the successful items, in input order' })
  created!: string[];

  @ApiProperty() failed!: number;

  @ApiProperty({ type: [BatchItemErrorDto] })
  errors!: BatchItemErrorDto[];

  @ApiProperty({ type: BatchSummaryDto })
  summary!: BatchSummaryDto;

  @ApiProperty({ nullable: true, description: 'pass as minPosition to a read to see this write (read-your-writes)' })
  position!: number | null;
}

export class ThingChangeDto {
  @ApiProperty() thingId!: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object', properties: { old: {}, new: {} } } })
  fields!: Record<string, { old: unknown; new: unknown }>;
}

export class UpdateBatchResultDto extends BatchResultDto {
  @ApiProperty({ type: [String] }) updated!: string[];
  @ApiProperty({ type: [String] }) unchanged!: string[];
  @ApiProperty({ type: [ThingChangeDto] }) changes!: ThingChangeDto[];
}
