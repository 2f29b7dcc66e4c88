import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min, registerDecorator, type ValidationOptions } from 'class-validator';
import { validateCronExpression } from 'cron';
import { DEFAULT_ARCHIVAL_CONFIG } from '@onescale/ontology';
import { KafkaMongoS3Config, hotStoreDbName } from '@onescale/platform';

export const CRASH_POINTS = ['upload', 'verify', 'delete', 'drop'] as const;
export type CrashPoint = (typeof CRASH_POINTS)[number];

/** A five- or six-field cron expression, or `off` (no schedule: on-demand and `--once` runs only). */
function IsCronOrOff(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCronOrOff',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: '$property must be a cron expression (e.g. "0 2 * * *") or "off"', ...options },
      validator: { validate: (value: unknown) => value === 'off' || (typeof value === 'string' && validateCronExpression(value).valid) },
    });
}

/** Everything the archiver app reads from its environment, validated at boot. */
export class ArchiverConfig extends KafkaMongoS3Config {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3004;

  /** The archiver's own database: manifests, runs, the run lease. */
  @IsString()
  override MONGODB_DB: string = 'onescale_archiver';

  /**
   * The database of the hot event store and its day ledger (libs/platform hot-store; metrics appends)
   * on the same MONGODB_URI: the metrics app's HOT_STORE_DB (by default its database name with `_hot`).
   */
  @IsString()
  HOT_STORE_DB: string = hotStoreDbName('onescale_metrics');

  /** Where the quota service answers each group's events retention (its root's plan or override). */
  @IsUrl({ require_tld: false, require_protocol: true })
  QUOTA_URL: string = 'http://127.0.0.1:3003';

  /** When the daily run starts, in UTC; `off` leaves only on-demand runs (e.g. when a CronJob runs `--once`). */
  @IsCronOrOff()
  ARCHIVAL_CRON: string = '0 2 * * *';

  /** How long events stay hot for a plan without an `events_retention_days` limit (enterprise). */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  AGE_THRESHOLD_DAYS: number = DEFAULT_ARCHIVAL_CONFIG.AGE_THRESHOLD_DAYS;

  /** Events per archive object at most. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  BATCH_SIZE: number = DEFAULT_ARCHIVAL_CONFIG.BATCH_SIZE;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  RETENTION_DAYS: number = DEFAULT_ARCHIVAL_CONFIG.RETENTION_DAYS;

  /**
   * Verified events whose objects are marked and whose hot documents are deleted together (one
   * statement per id either way). Larger means fewer manifest updates; smaller means less held
   * in memory and less redone after a crash.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  DELETE_BATCH_SIZE: number = 10_000;

  /** A run lease not renewed for this long is taken over (its holder is presumed dead). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  LEASE_TTL_MS: number = 60_000;

  /**
   * TESTING AID, never set in production: epoch ms that "now" is frozen at, so tests can travel in
   * time (which events are old, which objects are past retention). Durations, the lease and the
   * ingest time of published events keep the real clock.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  ONESCALE_FAKE_NOW?: number;

  /**
   * TESTING AID for crash drills, never set in production: the process kills itself with SIGKILL
   * right after this step of its first archive object (upload, verify recorded, hot delete).
   */
  @IsOptional()
  @IsIn(CRASH_POINTS)
  ARCHIVER_CRASH_AFTER?: CrashPoint;
}
