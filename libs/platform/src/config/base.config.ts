import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every app shares. Each app's config extends it with its own. */
export class BaseConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  PORT!: number;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: (typeof LOG_LEVELS)[number] = 'info';

  /** Shared secret that internal apps require from the gateway (and from each other). */
  @IsString()
  @MinLength(16, { message: 'INTERNAL_TOKEN must be at least 16 characters' })
  INTERNAL_TOKEN!: string;
}

export class KafkaConfig extends BaseConfig {
  /** Comma-separated host:port list. */
  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS!: string;

  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;

  /**
   * A consumer that sends no heartbeat for this long is evicted from its group. Heartbeats go out
   * while batches are handled, so this bounds only a process that is frozen or cut off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(6000)
  @Max(300_000)
  KAFKA_SESSION_TIMEOUT_MS: number = 30_000;

  /**
   * The most records a consumer applies between two commits (a fetched batch is cut into chunks).
   * Heartbeats go out while a chunk is applied, so this bounds redelivery after a crash, not
   * membership; a projection pays a fixed cost per chunk (1,000-record chunks cost the metrics
   * projector two thirds of its throughput).
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  CONSUMER_CHUNK_MAX_RECORDS: number = 20_000;

  /** The most bytes of records a consumer applies between two commits (a fetch brings at most 4 MiB a partition). */
  @Type(() => Number)
  @IsInt()
  @Min(1024)
  @Max(256 * 1024 * 1024)
  CONSUMER_CHUNK_MAX_BYTES: number = 4 * 1024 * 1024;

  /**
   * Drills (tests only): the first chunk each consumer of the app handles takes this much longer, as
   * one slowed by a struggling database would. Never set in production.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(600_000)
  CONSUMER_DRILL_SLOW_FIRST_BATCH_MS?: number;

  /** Drills (tests only): the app's consumers fail for events whose data contains this text (poison). */
  @IsOptional()
  @IsString()
  @MinLength(8)
  CONSUMER_DRILL_POISON_MARKER?: string;
}

/** The batch transport's settings that come from an app's config. */
export const consumerSettings = (
  config: KafkaConfig,
): { sessionTimeoutMs: number; chunk: { maxMessages: number; maxBytes: number }; slowFirstBatchMs?: number; poisonMarker?: string } => ({
  sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
  chunk: { maxMessages: config.CONSUMER_CHUNK_MAX_RECORDS, maxBytes: config.CONSUMER_CHUNK_MAX_BYTES },
  slowFirstBatchMs: config.CONSUMER_DRILL_SLOW_FIRST_BATCH_MS,
  poisonMarker: config.CONSUMER_DRILL_POISON_MARKER,
});

export class KafkaMongoConfig extends KafkaConfig {
  @IsString()
  @IsNotEmpty()
  MONGODB_URI!: string;

  /** Database name; each app owns its own database in production. */
  @IsOptional()
  @IsString()
  MONGODB_DB?: string;
}

export class KafkaMongoS3Config extends KafkaMongoConfig {
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT!: string;

  @IsString()
  @IsNotEmpty()
  S3_ACCESS_KEY_ID!: string;

  @IsString()
  @IsNotEmpty()
  S3_SECRET_ACCESS_KEY!: string;

  @IsString()
  @IsNotEmpty()
  S3_BUCKET: string = 'onescale-archive';

  @IsString()
  S3_REGION: string = 'us-east-1';
}

export const brokerList = (csv: string): string[] =>
  csv
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
