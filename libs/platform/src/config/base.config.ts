import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { KafkaConnectionConfig } from './kafka-connection.config';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
/** Settings every app shares (every app speaks to Kafka). Each app's config extends it with its own. */
export class BaseConfig extends KafkaConnectionConfig {
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

const hasStaticKeys = (c: KafkaMongoS3Config): boolean => c.S3_ACCESS_KEY_ID !== undefined || c.S3_SECRET_ACCESS_KEY !== undefined;

export class KafkaMongoS3Config extends KafkaMongoConfig {
  /** An S3-compatible server; unset for AWS S3 itself (the region's endpoint, virtual-hosted buckets). */
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT?: string;

  /**
   * Static keys (both or neither). Without them the AWS SDK's default credential chain is used:
   * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, web identity (EKS), the shared files, the instance role.
   */
  @ValidateIf(hasStaticKeys)
  @IsString({ message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' })
  @IsNotEmpty({ message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' })
  S3_ACCESS_KEY_ID?: string;

  @ValidateIf(hasStaticKeys)
  @IsString({ message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' })
  @IsNotEmpty({ message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together' })
  S3_SECRET_ACCESS_KEY?: string;

  @IsString()
  @IsNotEmpty()
  S3_BUCKET: string = 'onescale-archive';

  @IsString()
  S3_REGION: string = 'us-east-1';
}
