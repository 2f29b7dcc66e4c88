import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes of the archiver's routes, for the API document (the app builds them).

export class ArchivalBatchDto {
  @ApiProperty() groupId!: string;
  @ApiProperty({ description: 'events written to verified objects and removed from the hot store in this run' }) archived!: number;
  @ApiProperty({ description: 'eligible events not archived (they stay hot and are retried next run)' }) failed!: number;
  @ApiProperty({ description: 'milliseconds' }) duration!: number;
  @ApiPropertyOptional({ description: 'why the group failed' }) error?: string;
}

export class ArchivalRunResultDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ description: 'events strictly older than this instant were eligible (epoch ms)' }) cutoff!: number;
  @ApiProperty() groupsProcessed!: number;
  @ApiProperty() totalArchived!: number;
  @ApiProperty() totalFailed!: number;
  @ApiProperty({ description: 'milliseconds' }) totalTime!: number;
  @ApiProperty({ type: [ArchivalBatchDto] }) batches!: ArchivalBatchDto[];
  @ApiProperty({ description: 'percent of attempted events archived; 100 when there was nothing to do' }) successRate!: number;
  @ApiPropertyOptional({ description: 'objects deleted for being past RETENTION_DAYS (daily runs)' }) purged?: number;
  @ApiPropertyOptional({ description: 'why the run stopped early' }) error?: string;
  @ApiProperty({ enum: ['success', 'failure'] }) outcome!: string;
}

export class ArchivalConfigDto {
  @ApiProperty({ example: 365 }) AGE_THRESHOLD_DAYS!: number;
  @ApiProperty({ example: 1000 }) BATCH_SIZE!: number;
  @ApiProperty({ example: 2555 }) RETENTION_DAYS!: number;
}

export class ArchivalEstimatesDto {
  @ApiProperty({ example: '50 MB', description: 'hot-store space the eligible events take (measured sizes)' }) storageSaved!: string;
  @ApiProperty() storageSavedBytes!: number;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'their size once archived, from the measured compression ratio; null before any run',
  })
  archiveSize!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'from the last run’s throughput; null before any run' }) hoursToArchiveAll!:
    number | null;
}

export class ArchivalLastRunDto {
  @ApiProperty() runId!: string;
  @ApiProperty({ enum: ['daily', 'group'] }) kind!: string;
  @ApiPropertyOptional() groupId?: string;
  @ApiProperty({ enum: ['success', 'failure'] }) outcome!: string;
  @ApiProperty({ description: 'epoch ms' }) finishedAt!: number;
  @ApiProperty() totalArchived!: number;
  @ApiProperty() totalFailed!: number;
  @ApiProperty({ description: 'milliseconds' }) totalTime!: number;
  @ApiProperty() successRate!: number;
  @ApiProperty({ nullable: true, type: Number }) eventsPerSecond!: number | null;
}

export class ArchivalStatusDto {
  @ApiPropertyOptional() groupId?: string;
  @ApiPropertyOptional({
    description:
      "how many days the group's events stay hot: its root plan's events_retention_days, or AGE_THRESHOLD_DAYS for a plan without one",
  })
  retentionDays?: number;
  @ApiProperty({ description: "hot events older than their group's retention" }) eligibleForArchival!: number;
  @ApiProperty({ description: 'events held in verified archive objects' }) alreadyArchived!: number;
  @ApiProperty() config!: ArchivalConfigDto;
  @ApiProperty() estimates!: ArchivalEstimatesDto;
  @ApiProperty({ nullable: true, type: ArchivalLastRunDto }) lastRun!: ArchivalLastRunDto | null;
}

export class ArchivedEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() groupId!: string;
  @ApiProperty() rootGroupId!: string;
  @ApiPropertyOptional() actorId?: string;
  @ApiPropertyOptional() targetId?: string;
  @ApiProperty({ description: 'event time, epoch ms' }) timestamp!: number;
  @ApiProperty({ description: 'ingest time, epoch ms' }) recordedAt!: number;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty() schemaVersion!: number;
}

export class ArchivedEventsPageDto {
  @ApiProperty({ type: [ArchivedEventDto] }) items!: ArchivedEventDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() hasMore!: boolean;
}

export class ArchiveManifestDto {
  @ApiProperty({ example: 'events/g1/2024/03/01/0190f….jsonl.gz' }) key!: string;
  @ApiProperty() groupId!: string;
  @ApiProperty({ example: '2024-03-01', description: 'UTC day of every event in the object' }) day!: string;
  @ApiProperty() count!: number;
  @ApiProperty() minTimestamp!: number;
  @ApiProperty() maxTimestamp!: number;
  @ApiProperty({ description: 'of the stored gzip body' }) sha256!: string;
  @ApiProperty({ description: 'stored (gzip) size' }) bytes!: number;
  @ApiPropertyOptional({ description: 'NDJSON size before gzip' }) uncompressedBytes?: number;
  @ApiPropertyOptional({ type: [String], description: 'event types in the object (objects written before it was kept lack it)' })
  types?: string[];
}

export class ArchiveManifestsPageDto {
  @ApiProperty({ type: [ArchiveManifestDto] }) items!: ArchiveManifestDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
  @ApiProperty() hasMore!: boolean;
}

/** An event of the feed (SPEC §7): the envelope's public fields. */
export class FeedEventDto {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() groupId!: string;
  @ApiPropertyOptional() actorId?: string;
  @ApiPropertyOptional() targetId?: string;
  @ApiProperty({ description: 'event time, epoch ms' }) timestamp!: number;
  @ApiProperty({ description: 'ingest time, epoch ms' }) recordedAt!: number;
  @ApiProperty({ description: "a client event's metadata; a platform event's data", type: 'object', additionalProperties: true })
  metadata!: Record<string, unknown>;
}

export class EventFeedPageDto {
  @ApiProperty({ type: [FeedEventDto] }) items!: FeedEventDto[];
  @ApiProperty({ nullable: true, type: String, description: 'pass as `cursor` with the same filters for the next page' })
  nextCursor!: string | null;
  @ApiProperty() hasMore!: boolean;
}
