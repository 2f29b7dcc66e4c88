import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUrl, Matches, Max, Min } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';

/** Everything the quota app reads from its environment, validated at boot. */
export class QuotaConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3003;

  @IsString()
  override MONGODB_DB: string = 'onescale_quota';

  /** Ingest answers for groups quota has not seen yet, and recounts gauges for the audit. */
  @IsUrl({ require_tld: false, require_protocol: true })
  INGEST_URL: string = 'http://127.0.0.1:3001';

  /** How long a reservation holds allowance without the usage event that confirms it. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(3_600_000)
  RESERVATION_TTL_MS: number = 60_000;

  /**
   * How long a counter state this process holds is trusted without re-reading it. Entries are
   * pruned only when far older (see CounterStore), so a trusted state can never be a pruned one.
   */
  @Type(() => Number)
  @IsInt()
  @Min(1000)
  @Max(600_000)
  COUNTER_TRUST_MS: number = 120_000;

  /** Appended to the consumer group names (`quota.usage`, `quota.groups`), e.g. to isolate test runs. */
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{0,64}$/)
  CONSUMER_GROUP_SUFFIX: string = '';
}
