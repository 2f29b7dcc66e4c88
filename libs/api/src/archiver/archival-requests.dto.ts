import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsString, Length, Max, Min } from 'class-validator';
import { MAX_ID_CHARS } from '../common/limits';
import { Optional } from '../common/optional';
import { QueryInt } from '../common/query-int';

/** Epoch ms far enough for any event time (Date's own limit is 8.64e15). */
const MAX_TIME = 8_640_000_000_000_000;

/** POST /v1/groups/:groupId/archival/runs (archiveGroupEvents). */
export class ArchiveGroupRunDto {
  @ApiPropertyOptional({
    type: 'integer',
    minimum: 0,
    description:
      "archive events older than this many days; by default the group's retention (its root plan's events_retention_days, or AGE_THRESHOLD_DAYS when the plan has none); 0 archives everything up to now",
  })
  @Optional()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  daysCutoff?: number;
}

/** GET /v1/archival/status (getArchivalStatus). */
export class ArchivalStatusQueryDto {
  @ApiPropertyOptional({ description: 'one group; all groups when absent' })
  @Optional()
  @IsString()
  @Length(1, MAX_ID_CHARS)
  groupId?: string;
}

/** GET /v1/groups/:groupId/archive/events: archived events read back from the object store. */
export class ArchivedEventsQueryDto {
  @ApiPropertyOptional({ type: 'integer', description: 'events at or after this time (epoch ms)' })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME)
  from?: number;

  @ApiPropertyOptional({ type: 'integer', description: 'events before this time (epoch ms, exclusive)' })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(0)
  @Max(MAX_TIME)
  to?: number;

  @ApiPropertyOptional({ description: 'only events of this type' })
  @Optional()
  @IsString()
  @Length(1, 100)
  type?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 2000)
  cursor?: string;
}

/** GET /v1/groups/:groupId/archive/manifests. */
export class ArchiveManifestsQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 1000, default: 100 })
  @Optional()
  @QueryInt()
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @Optional()
  @IsString()
  @Length(1, 2000)
  cursor?: string;
}

/** GET /v1/groups/:groupId/events: one feed over hot and archived events. */
export class EventFeedQueryDto extends ArchivedEventsQueryDto {
  @ApiPropertyOptional({ description: 'only events of this actor' })
  @Optional()
  @IsString()
  @Length(1, MAX_ID_CHARS)
  actorId?: string;

  @ApiPropertyOptional({ description: 'only events of this target' })
  @Optional()
  @IsString()
  @Length(1, MAX_ID_CHARS)
  targetId?: string;

  @ApiPropertyOptional({ enum: ['desc', 'asc'], default: 'desc', description: 'newest first (desc) or oldest first (asc)' })
  @Optional()
  @IsIn(['desc', 'asc'])
  order?: 'desc' | 'asc';
}
