import { Type } from 'class-transformer';
import { IsInt, IsString, IsUrl, Matches, Max, Min, MinLength } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';
import { DEFAULT_MIN_BYTES_PER_SECOND } from './proxy/request-body';

const URL_OPTIONS = { require_tld: false, require_protocol: true } as const;

/** Everything the gateway app reads from its environment, validated at boot. */
export class GatewayConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3000;

  @IsString()
  override MONGODB_DB: string = 'onescale_gateway';

  /** The platform admin key: manages groups and every group's keys; `npm start` generates one when unset. */
  @IsString()
  @MinLength(16, { message: 'ONESCALE_ADMIN_KEY must be at least 16 characters' })
  ONESCALE_ADMIN_KEY!: string;

  @IsUrl(URL_OPTIONS)
  INGEST_URL: string = 'http://127.0.0.1:3001';

  @IsUrl(URL_OPTIONS)
  METRICS_URL: string = 'http://127.0.0.1:3002';

  @IsUrl(URL_OPTIONS)
  QUOTA_URL: string = 'http://127.0.0.1:3003';

  @IsUrl(URL_OPTIONS)
  ARCHIVER_URL: string = 'http://127.0.0.1:3004';

  @IsUrl(URL_OPTIONS)
  NOTIFIER_URL: string = 'http://127.0.0.1:3005';

  /**
   * Largest request body the gateway forwards. 32 MiB holds a full batch of 10,000 items averaging
   * ~3 KiB each (a thing's properties may reach 64 KiB, so a batch of large things must be split).
   */
  @Matches(/^\d+(\.\d+)?\s*(b|kb|mb|gb)?$/i, { message: 'BODY_LIMIT must be a size such as 32mb, 512kb or 1048576' })
  BODY_LIMIT: string = '32mb';

  /** A request body arriving slower than this (after its first second) is cut with 408: 64 KiB/s. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  BODY_MIN_BYTES_PER_SECOND: number = DEFAULT_MIN_BYTES_PER_SECOND;

  /** Writes (any method but GET) one key may have in flight; more are answered 429 with Retry-After. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  MAX_WRITES_IN_FLIGHT: number = 4;

  /** How often counted api calls are published as usage records (one per root group). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  METERING_FLUSH_MS: number = 1000;

  /** How long a quota answer (api calls used and limit) is reused before it is fetched again. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60000)
  QUOTA_CACHE_MS: number = 1000;

  /**
   * How long a valid key stays cached (0: look every key up in MongoDB on every request). Revoking
   * evicts it at once in the revoking process, and within about a second in every other one.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  API_KEY_CACHE_MS: number = 60000;

  /** Time to open a connection to an app before the gateway answers 503. */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60000)
  UPSTREAM_CONNECT_TIMEOUT_MS: number = 2000;

  /** Longest silence from an app (no bytes either way) before the gateway answers 504; large batches take seconds. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(600000)
  UPSTREAM_TIMEOUT_MS: number = 120000;
}
