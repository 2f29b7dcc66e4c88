import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUrl, Max, Min, MinLength } from 'class-validator';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Settings every app shares. Each app's config extends it with its own. */
export class BaseConfig {
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
  /** Comma-separated host:port list. */
  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS!: string;

  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;
}

export class KafkaMongoConfig extends KafkaConfig {
  @IsString()
  @IsNotEmpty()
  MONGODB_URI!: string;

  /** Database name; each app owns its own database in production. */
  @IsOptional()
  @IsString()
  MONGODB_DB?: string;
}

export class KafkaMongoS3Config extends KafkaMongoConfig {
  @IsUrl({ require_tld: false, require_protocol: true })
  S3_ENDPOINT!: string;

  @IsString()
  @IsNotEmpty()
  S3_ACCESS_KEY_ID!: string;

  @IsString()
  @IsNotEmpty()
  S3_SECRET_ACCESS_KEY!: string;

  @IsString()
  @IsNotEmpty()
  S3_BUCKET: string = 'onescale-archive';

  @IsString()
  S3_REGION: string = 'us-east-1';
}

export const brokerList = (csv: string): string[] =>
  csv
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
