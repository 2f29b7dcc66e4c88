import { Transform } from 'class-transformer';
import { accessSync, constants } from 'node:fs';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, ValidateBy, ValidateIf, type ValidationArguments } from 'class-validator';

export const KAFKA_SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512', 'aws-msk-iam'] as const;
export type KafkaSaslMechanism = (typeof KAFKA_SASL_MECHANISMS)[number];

/**
 * 'true' and 'false' (any case) from the environment; anything else stays a string and fails
 * @IsBoolean. It reads the raw value: implicit conversion would already have made 'false' true.
 */
const booleanFromEnv = Transform(({ obj, key }: { obj: Record<string, unknown>; key: string }) => {
  const raw = obj[key];
  return typeof raw === 'string' && /^(true|false)$/i.test(raw) ? raw.toLowerCase() === 'true' : raw;
});
const readable = (file: unknown): boolean => {
  try {
    accessSync(String(file), constants.R_OK);
    return true;
  } catch {
    return false;
  }
};
/** A file this process can read (certificates are read at start, so a wrong path fails the start, naming the setting). */
const IsReadableFile = (): PropertyDecorator =>
  ValidateBy({
    name: 'isReadableFile',
    validator: { validate: readable, defaultMessage: (args?: ValidationArguments) => `cannot read the file ${String(args?.value)}` },
  });
/** A TLS setting that means nothing unless KAFKA_SSL=true (set alone, it would be silently ignored). */
const RequiresSsl = (): PropertyDecorator =>
  ValidateBy({
    name: 'requiresSsl',
    validator: {
      validate: (_value: unknown, args?: ValidationArguments) => (args?.object as KafkaConnectionConfig).KAFKA_SSL === true,
      defaultMessage: () => 'needs KAFKA_SSL=true',
    },
  });
const needsSasl = (config: KafkaConnectionConfig): boolean =>
  config.KAFKA_SASL_MECHANISM !== undefined && config.KAFKA_SASL_MECHANISM !== 'aws-msk-iam';

/**
 * Where the brokers are and how to log in: TLS (custom CA, optional client certificate) and SASL
 * (PLAIN, SCRAM, or IAM on Amazon MSK), as managed Kafka offerings require.
 */
export class KafkaConnectionConfig {
  /** Comma-separated host:port list. */
  @IsString()
  @IsNotEmpty()
  KAFKA_BROKERS!: string;

  /** TLS to the brokers (managed Kafka offerings require it). The system's CAs are trusted unless KAFKA_SSL_CA_FILE names others. */
  @booleanFromEnv
  @IsBoolean({ message: 'KAFKA_SSL must be true or false' })
  KAFKA_SSL: boolean = false;

  /** PEM file of the CA(s) that signed the brokers' certificates. */
  @IsOptional()
  @RequiresSsl()
  @IsReadableFile()
  KAFKA_SSL_CA_FILE?: string;

  /** PEM client certificate and key, for brokers that authenticate clients by certificate (both or neither). */
  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SSL_KEY_FILE !== undefined || c.KAFKA_SSL_CERT_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together' })
  @RequiresSsl()
  @IsReadableFile()
  KAFKA_SSL_CERT_FILE?: string;

  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SSL_KEY_FILE !== undefined || c.KAFKA_SSL_CERT_FILE !== undefined)
  @IsString({ message: 'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together' })
  @RequiresSsl()
  @IsReadableFile()
  KAFKA_SSL_KEY_FILE?: string;

  /** SASL login; `aws-msk-iam` signs with the AWS credential chain (Amazon MSK). */
  @IsOptional()
  @IsIn(KAFKA_SASL_MECHANISMS, { message: `KAFKA_SASL_MECHANISM must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
  KAFKA_SASL_MECHANISM?: KafkaSaslMechanism;

  @ValidateIf(needsSasl)
  @IsString({ message: 'KAFKA_SASL_USERNAME is required by KAFKA_SASL_MECHANISM' })
  @IsNotEmpty({ message: 'KAFKA_SASL_USERNAME is required by KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_USERNAME?: string;

  @ValidateIf(needsSasl)
  @IsString({ message: 'KAFKA_SASL_PASSWORD is required by KAFKA_SASL_MECHANISM' })
  @IsNotEmpty({ message: 'KAFKA_SASL_PASSWORD is required by KAFKA_SASL_MECHANISM' })
  KAFKA_SASL_PASSWORD?: string;

  /** The AWS region of the MSK cluster, for `aws-msk-iam`. */
  @ValidateIf((c: KafkaConnectionConfig) => c.KAFKA_SASL_MECHANISM === 'aws-msk-iam')
  @IsString({ message: 'KAFKA_SASL_AWS_REGION is required by KAFKA_SASL_MECHANISM=aws-msk-iam' })
  @IsNotEmpty({ message: 'KAFKA_SASL_AWS_REGION is required by KAFKA_SASL_MECHANISM=aws-msk-iam' })
  KAFKA_SASL_AWS_REGION?: string;
}
