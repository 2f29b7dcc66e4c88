import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '@onescale/ontology';
import { KafkaMongoConfig } from '@onescale/platform';

/** Everything the notifier reads from its environment, validated at boot. */
export class NotifierConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3005;

  @IsString()
  override MONGODB_DB: string = 'onescale_notifier';

  /** How long one attempt may take (connect, send, answer) before it counts as failed. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  DELIVERY_TIMEOUT_MS: number = 10_000;

  /** The first retry's delay before jitter (SPEC: within 10 s); later ones double, up to an hour. */
  @Type(() => Number)
  @IsInt()
  @Min(10)
  @Max(10_000)
  RETRY_BASE_MS: number = DEFAULT_RETRY_POLICY.baseDelayMs;

  /** How long a notification is retried before it is marked failed and its endpoint disabled. */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(7 * 86_400_000)
  RETRY_WINDOW_MS: number = DEFAULT_RETRY_POLICY.windowMs;

  /** Failed attempts in a row after which an endpoint is disabled. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(10_000)
  DISABLE_AFTER_FAILURES: number = DEFAULT_RETRY_POLICY.disableAfterFailures;

  /** How often the worker looks for due deliveries (new ones wake it at once). */
  @Type(() => Number)
  @IsInt()
  @Min(50)
  @Max(60_000)
  WORKER_POLL_MS: number = 500;

  /** Attempts in flight at once in this process. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(512)
  DELIVERY_CONCURRENCY: number = 16;

  /** How long a settled delivery (delivered or failed) stays in the delivery log. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  DELIVERY_LOG_DAYS: number = 30;

  /** Appended to the consumer group name (`notifier.deliveries`), e.g. to isolate test runs. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{0,64}$/)
  CONSUMER_GROUP_SUFFIX: string = '';

  get retryPolicy(): RetryPolicy {
    return {
      baseDelayMs: this.RETRY_BASE_MS,
      maxDelayMs: DEFAULT_RETRY_POLICY.maxDelayMs,
      windowMs: this.RETRY_WINDOW_MS,
      disableAfterFailures: this.DISABLE_AFTER_FAILURES,
    };
  }
}
