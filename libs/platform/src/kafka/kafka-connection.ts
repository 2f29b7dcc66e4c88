import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import type { KafkaConnectionConfig } from '../config/kafka-connection.config';

/** Where the brokers are and how to reach them: the part of a kafkajs client's options that differs per deployment. */
export interface KafkaConnection {
  readonly brokers: string[];
  readonly ssl?: ConnectionOptions | boolean;
  readonly sasl?: SASLOptions;
}

/** The connection settings of an app's config (or of a test's environment). */
export type KafkaConnectionSettings = Readonly<KafkaConnectionConfig>;

/** A Kafka setting that cannot work: retrying would not help, so the app stops and names it. */
export class KafkaSettingError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'KafkaSettingError';
  }
}

export const brokerList = (csv: string): string[] =>
  csv
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);

function readPem(setting: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new KafkaSettingError(setting, `${setting}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function tlsOf(settings: KafkaConnectionSettings): ConnectionOptions | boolean | undefined {
  if (!settings.KAFKA_SSL) return undefined;
  const options: ConnectionOptions = {};
  if (settings.KAFKA_SSL_CA_FILE) options.ca = [readPem('KAFKA_SSL_CA_FILE', settings.KAFKA_SSL_CA_FILE)];
  if (settings.KAFKA_SSL_CERT_FILE && settings.KAFKA_SSL_KEY_FILE) {
    options.cert = readPem('KAFKA_SSL_CERT_FILE', settings.KAFKA_SSL_CERT_FILE);
    options.key = readPem('KAFKA_SSL_KEY_FILE', settings.KAFKA_SSL_KEY_FILE);
  }
  return Object.keys(options).length > 0 ? options : true;
}

/** Amazon MSK's IAM login: a token signed with the AWS credential chain, refreshed by kafkajs on each connection. */
function mskIam(region: string): SASLOptions {
  return {
    mechanism: 'oauthbearer',
    oauthBearerProvider: async () => {
      const { generateAuthToken } = await import('aws-msk-iam-sasl-signer-js');
      const { token } = await generateAuthToken({ region });
      return { value: token };
    },
  };
}

function saslOf(settings: KafkaConnectionSettings): SASLOptions | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username = '', KAFKA_SASL_PASSWORD: password = '' } = settings;
  switch (mechanism) {
    case undefined:
      return undefined;
    case 'aws-msk-iam':
      return mskIam(settings.KAFKA_SASL_AWS_REGION ?? '');
    case 'plain':
      return { mechanism, username, password };
    case 'scram-sha-256':
      return { mechanism, username, password };
    case 'scram-sha-512':
      return { mechanism, username, password };
    default: {
      const unknown: never = mechanism;
      throw new KafkaSettingError('KAFKA_SASL_MECHANISM', `KAFKA_SASL_MECHANISM: ${String(unknown)} is not supported`);
    }
  }
}

/** The connection an app's validated settings describe; certificate files are read now, so a missing one fails at start. */
export function kafkaConnection(settings: KafkaConnectionSettings): KafkaConnection {
  const ssl = tlsOf(settings);
  const sasl = saslOf(settings);
  return { brokers: brokerList(settings.KAFKA_BROKERS), ...(ssl ? { ssl } : {}), ...(sasl ? { sasl } : {}) };
}

// Node's codes for a certificate the client does not trust (wrong or missing CA, wrong host, expired).
const UNTRUSTED_CERTIFICATE = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

interface KafkaJsError {
  readonly name?: string;
  readonly message?: string;
  readonly type?: string;
  readonly code?: string;
  readonly cause?: KafkaJsError;
}

/**
 * What a failed connection says about the settings, or undefined when it may pass (a broker still
 * starting or unreachable for now: kafkajs retries those).
 */
export function settingErrorOf(error: unknown, settings: KafkaConnectionSettings): KafkaSettingError | undefined {
  const failure = error as KafkaJsError;
  const root = failure.cause ?? failure;
  const mechanism = settings.KAFKA_SASL_MECHANISM;
  if (failure.name === 'KafkaJSSASLAuthenticationError') {
    return new KafkaSettingError(
      'KAFKA_SASL_PASSWORD',
      `Kafka refused the login of KAFKA_SASL_USERNAME=${settings.KAFKA_SASL_USERNAME ?? ''} (KAFKA_SASL_MECHANISM=${mechanism ?? ''}): check KAFKA_SASL_PASSWORD. The broker said: ${failure.message ?? ''}`,
    );
  }
  if (root.code && UNTRUSTED_CERTIFICATE.has(root.code)) {
    const ca = settings.KAFKA_SSL_CA_FILE
      ? `KAFKA_SSL_CA_FILE=${settings.KAFKA_SSL_CA_FILE}`
      : 'the system CAs (KAFKA_SSL_CA_FILE is not set)';
    return new KafkaSettingError(
      'KAFKA_SSL_CA_FILE',
      `the brokers' TLS certificate is not trusted by ${ca} (${root.code}: ${root.message ?? ''})`,
    );
  }
  if (settings.KAFKA_SSL && /secure TLS connection|wrong version number|packet length too long/i.test(root.message ?? '')) {
    return new KafkaSettingError(
      'KAFKA_SSL',
      `KAFKA_SSL=true, but the listener at KAFKA_BROKERS=${settings.KAFKA_BROKERS} does not speak TLS (${root.message ?? ''})`,
    );
  }
  if (mechanism && (failure.type === 'ILLEGAL_SASL_STATE' || failure.type === 'UNSUPPORTED_SASL_MECHANISM')) {
    return new KafkaSettingError(
      'KAFKA_SASL_MECHANISM',
      `the listener at KAFKA_BROKERS=${settings.KAFKA_BROKERS} does not accept KAFKA_SASL_MECHANISM=${mechanism} (${failure.message ?? ''})`,
    );
  }
  return undefined;
}

/**
 * One connection attempt before the app starts: settings that cannot work (a refused login, an
 * untrusted certificate, TLS against a plaintext listener) throw a KafkaSettingError naming the
 * setting at once, instead of the retries kafkajs would spend on them. Anything else is left to the
 * client's own retries.
 */
export async function checkKafkaSettings(connection: KafkaConnection, settings: KafkaConnectionSettings): Promise<void> {
  const admin = new Kafka({
    clientId: 'onescale-settings-check',
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    ...connection,
  }).admin();
  try {
    await admin.connect();
  } catch (error) {
    const problem = settingErrorOf(error, settings);
    if (problem) throw problem;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
