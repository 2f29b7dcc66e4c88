import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';

/** Everything the metrics app reads from its environment, validated at boot. */
export class MetricsConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3002;

  @IsString()
  override MONGODB_DB: string = 'onescale_metrics';
}
