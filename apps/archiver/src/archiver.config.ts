import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { KafkaMongoS3Config } from '@onescale/platform';

/** Everything the archiver app reads from its environment, validated at boot. */
export class ArchiverConfig extends KafkaMongoS3Config {
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  override PORT: number = 3004;

  @IsString()
  override MONGODB_DB: string = 'onescale_archiver';
}
