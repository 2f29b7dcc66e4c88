import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
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
}
