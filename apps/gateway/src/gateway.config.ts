import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { KafkaMongoConfig } from '@onescale/platform';

/** Everything the gateway app reads from its environment, validated at boot. */
export class GatewayConfig extends KafkaMongoConfig {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3000;

  @IsString()
  override MONGODB_DB: string = 'onescale_gateway';
}
