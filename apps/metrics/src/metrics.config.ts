import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';
import type { CrashPoint } from './projector/projector';

/** Everything the metrics app reads from its environment, validated at boot. */
export class MetricsConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3002;

  @IsString()
  override MONGODB_DB: string = 'onescale_metrics';

  /**
   * The database of the hot event store and its day ledger (the archiver reads them under the same
   * name): by default this app's database name with `_hot`. Its own database keeps the projector's
   * appends from waiting for its read-model writes on FerretDB (one writer per database file).
   */
  @IsOptional()
  @IsString()
  HOT_STORE_DB?: string;

  /** A JSON file that narrows or extends the default vocabulary (person and content types). */
  @IsOptional()
  @IsString()
  ONTOLOGY_FILE?: string;

  /** Appended to the consumer group `metrics.projector` (tests run several projectors side by side). */
  @IsString()
  CONSUMER_GROUP_SUFFIX: string = '';

  /** How long a read with `minPosition` waits for the projection to reach it before answering stale. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  READ_WAIT_MS: number = 5000;

  /**
   * Creator-stats and group-metrics answers kept in memory while their partition has not moved
   * (read/read-cache.ts); 0 turns the cache off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  READ_CACHE_ENTRIES: number = 5000;

  /**
   * Read-model collections can be split into this many collections by a hash of `_id`. Stock
   * FerretDB 1.24 on SQLite scans a whole table for every lookup, update or delete by `_id` (its
   * `_id` index is on another expression than its queries use); small tables then keep them fast.
   * Our FerretDB wrapper adds the missing index, and MongoDB has it: 1 is right for both. Changing
   * it needs a rebuild.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1024)
  READ_MODEL_SHARDS: number = 1;

  /**
   * Crash drills (tests only): kill the process with SIGKILL when the projector reaches this point
   * (after storing the events, after a write step, after recording progress), on the
   * METRICS_CRASH_ON_HIT-th time. Never set in production.
   */
  @IsOptional()
  @IsIn(['events', 'knowledge', 'chunks', 'groupLists', 'documents', 'cleanup', 'progress'])
  METRICS_CRASH_AFTER?: CrashPoint;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  METRICS_CRASH_ON_HIT: number = 1;

  /** The archiver, for `npm run rebuild -- metrics` (reads the archive before the hot store). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  ARCHIVER_URL?: string;
}
