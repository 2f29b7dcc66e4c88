import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUrl, Max, Min } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';

/** Everything the ingest app reads from its environment, validated at boot. */
export class IngestConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3001;

  @IsString()
  override MONGODB_DB: string = 'onescale_ingest';

  /** Where the quota service answers reservations. */
  @IsUrl({ require_tld: false, require_protocol: true })
  QUOTA_URL!: string;

  /** Where metrics answers lookups of hot events (a void reads the event it corrects). */
  @IsUrl({ require_tld: false, require_protocol: true })
  METRICS_URL: string = 'http://127.0.0.1:3002';

  /** Where the archiver streams a group's archived events (a void of an event no longer hot). */
  @IsUrl({ require_tld: false, require_protocol: true })
  ARCHIVER_URL: string = 'http://127.0.0.1:3004';

  /**
   * Appended to the consumer groups of this system: the ingestion consumer's (`ingest.topic`) and the
   * projector's it paces writes by (`metrics.projector`). Tests and benches running side by side.
   */
  @IsString()
  CONSUMER_GROUP_SUFFIX: string = '';

  /**
   * A tenant's events written by this process and not yet projected, at most, before its next write
   * waits for the projector (pace/projection-pace.ts). One full batch by default; 0 turns pacing off.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  PACE_BACKLOG: number = 10_000;

  /**
   * The longest a write waits for a projector that moves; then it is refused (429 `projection_backlog`)
   * if its tenant has a full backlog outstanding, and goes ahead if not.
   */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(60_000)
  PACE_MAX_WAIT_MS: number = 5000;

  /**
   * A projector whose offsets have not moved for this long while a tenant's events wait is not waited
   * for (stuck): writes go ahead. Well above the projector's time per commit under load (a chunk of up
   * to 20,000 events or 4 MiB), so a busy projector is never taken for a stuck one.
   */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  PACE_STALL_MS: number = 30_000;

  /** A JSON file that narrows or extends the default vocabulary. */
  @IsOptional()
  @IsString()
  ONTOLOGY_FILE?: string;

  /**
   * Largest request body, decoded. Never above the gateway's (32 MiB, counted decoded too): a body the
   * gateway would refuse must not be accepted by a direct or misrouted call either.
   */
  @IsString()
  BODY_LIMIT: string = '32mb';

  /** How often the outbox relay looks for batches a crashed request left unpublished. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  RELAY_INTERVAL_MS: number = 5000;

  /** A batch older than this with its outbox entry still open is finished by the relay. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  RELAY_AGE_MS: number = 15000;

  /**
   * A test aid for crash drills: `rows` kills the process with SIGKILL right after a batch's rows (a
   * things batch's first chunk of them) are written and before its events are published; `chunk` once
   * a things batch's first chunk of events is sent, while its next chunk of rows is being written.
   * Never set in production.
   */
  @IsOptional()
  @IsIn(['rows', 'chunk'])
  INGEST_CRASH_AFTER?: 'rows' | 'chunk';

  /** An Idempotency-Key is remembered this long (24 h); a retry after it is a new request. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  IDEMPOTENCY_TTL_MS: number = 24 * 60 * 60_000;

  /** How often expired idempotency records are deleted (FerretDB has no TTL indexes). */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  IDEMPOTENCY_SWEEP_MS: number = 60 * 60_000;

  /** A request holding an Idempotency-Key longer than this is taken over by a retry. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  IDEMPOTENCY_TAKEOVER_MS: number = 30000;
}
