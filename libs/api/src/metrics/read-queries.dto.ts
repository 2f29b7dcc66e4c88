import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { THING_STATUSES, type ThingStatus } from '@onescale/ontology';
import { Optional } from '../common/optional';

const BOOLEAN_TEXT = ['true', 'false'] as const;
const DIRECTIONS = ['inbound', 'outbound', 'both'] as const;
const digits = (field: string, max: number) =>
  Matches(new RegExp(`^\\d{1,${max}}$`), { message: `${field} must be a non-negative integer` });

/**
 * Every read accepts `minPosition`: the `position` a write answered. The read waits (at most a few
 * seconds) until the read models have applied it; if they have not, it answers 503
 * `projection_behind` with the lag and Retry-After. Every read reports `_meta: {position, partition, lag}`.
 */
export class ReadQueryDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description: 'wait until the projection has applied this position (read-your-writes)',
  })
  @Optional()
  @digits('minPosition', 15)
  minPosition?: string;
}

export class ListThingsQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ description: 'a thing type of the composition' })
  @Optional()
  @IsString()
  @Length(1, 64)
  type?: string;

  @ApiPropertyOptional({ enum: THING_STATUSES })
  @Optional()
  @IsIn(THING_STATUSES)
  status?: ThingStatus;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @digits('limit', 6)
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 512)
  cursor?: string;
}

export class ThingQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: BOOLEAN_TEXT, default: 'false', description: 'add `_knowledge`: the knowledge items linked to the thing' })
  @Optional()
  @IsIn(BOOLEAN_TEXT)
  includeKnowledge?: 'true' | 'false';

  @ApiPropertyOptional({
    enum: BOOLEAN_TEXT,
    default: 'false',
    description: 'add `_from` / `_to`: the thing at the other end of each listed connection',
  })
  @Optional()
  @IsIn(BOOLEAN_TEXT)
  includeLazy?: 'true' | 'false';
}

export class RelationshipsQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ enum: DIRECTIONS, default: 'both' })
  @Optional()
  @IsIn(DIRECTIONS)
  direction?: (typeof DIRECTIONS)[number];

  @ApiPropertyOptional({ description: 'only connections of this type (filtered on the server)' })
  @Optional()
  @IsString()
  @Length(1, 64)
  relationshipType?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 20 })
  @Optional()
  @digits('limit', 6)
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 512)
  cursor?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 10000, description: 'the seed’s offset paging (not with cursor)' })
  @Optional()
  @digits('offset', 6)
  offset?: string;
}

export class ActivityQueryDto extends ReadQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 50 })
  @Optional()
  @digits('limit', 6)
  limit?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 512)
  cursor?: string;
}
