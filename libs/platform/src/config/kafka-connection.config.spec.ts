import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kafkaConnection } from '../kafka/kafka-connection';
import { KafkaConnectionConfig } from './kafka-connection.config';
import { ConfigError, loadConfig } from './load-config';

const dir = mkdtempSync(join(tmpdir(), 'onescale-kafka-settings-'));
const pem = (name: string, text: string): string => {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
};
const CA = pem('ca.pem', 'the CA');
const CERT = pem('client.pem', 'the client certificate');
const KEY = pem('client.key', 'the client key');
const BROKERS = { KAFKA_BROKERS: 'b1:9096, b2:9096' };

const problemsOf = (env: Record<string, string>): string => {
  try {
    loadConfig(KafkaConnectionConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('\n');
    throw error;
  }
  throw new Error('expected the settings to be refused');
};

describe('Kafka connection settings', () => {
  it('are plaintext without a login by default', () => {
    expect(kafkaConnection(loadConfig(KafkaConnectionConfig, BROKERS))).toEqual({ brokers: ['b1:9096', 'b2:9096'] });
  });

  it('read KAFKA_SSL as true or false, in any case', () => {
    expect(loadConfig(KafkaConnectionConfig, { ...BROKERS, KAFKA_SSL: 'TRUE' }).KAFKA_SSL).toBe(true);
    expect(loadConfig(KafkaConnectionConfig, { ...BROKERS, KAFKA_SSL: 'false' }).KAFKA_SSL).toBe(false);
    expect(problemsOf({ ...BROKERS, KAFKA_SSL: 'yes' })).toContain('KAFKA_SSL: KAFKA_SSL must be true or false');
  });

  it('trust the system CAs with TLS alone, and the named CA with its file', () => {
    expect(kafkaConnection(loadConfig(KafkaConnectionConfig, { ...BROKERS, KAFKA_SSL: 'true' })).ssl).toBe(true);
    const ssl = kafkaConnection(loadConfig(KafkaConnectionConfig, { ...BROKERS, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: CA })).ssl;
    expect(ssl).toEqual({ ca: [Buffer.from('the CA')] });
  });

  it('send a client certificate when both its files are set', () => {
    const settings = loadConfig(KafkaConnectionConfig, {
      ...BROKERS,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CERT_FILE: CERT,
      KAFKA_SSL_KEY_FILE: KEY,
    });
    expect(kafkaConnection(settings).ssl).toEqual({ cert: Buffer.from('the client certificate'), key: Buffer.from('the client key') });
    expect(problemsOf({ ...BROKERS, KAFKA_SSL: 'true', KAFKA_SSL_CERT_FILE: CERT })).toContain(
      'KAFKA_SSL_KEY_FILE: KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together',
    );
  });

  it('refuse TLS files without KAFKA_SSL=true, and files that cannot be read', () => {
    expect(problemsOf({ ...BROKERS, KAFKA_SSL_CA_FILE: CA })).toContain('KAFKA_SSL_CA_FILE: needs KAFKA_SSL=true');
    expect(problemsOf({ ...BROKERS, KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: join(dir, 'missing.pem') })).toContain(
      `KAFKA_SSL_CA_FILE: cannot read the file ${join(dir, 'missing.pem')}`,
    );
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('log in with %s, username and password', (mechanism) => {
    const settings = loadConfig(KafkaConnectionConfig, {
      ...BROKERS,
      KAFKA_SASL_MECHANISM: mechanism,
      KAFKA_SASL_USERNAME: 'u',
      KAFKA_SASL_PASSWORD: 'p',
    });
    expect(kafkaConnection(settings).sasl).toEqual({ mechanism, username: 'u', password: 'p' });
    const problems = problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: mechanism });
    expect(problems).toContain('KAFKA_SASL_USERNAME: KAFKA_SASL_USERNAME is required by KAFKA_SASL_MECHANISM');
    expect(problems).toContain('KAFKA_SASL_PASSWORD: KAFKA_SASL_PASSWORD is required by KAFKA_SASL_MECHANISM');
  });

  it('log in to Amazon MSK with an IAM token for the region, and refuse a mechanism it does not know', () => {
    const settings = loadConfig(KafkaConnectionConfig, {
      ...BROKERS,
      KAFKA_SSL: 'true',
      KAFKA_SASL_MECHANISM: 'aws-msk-iam',
      KAFKA_SASL_AWS_REGION: 'eu-west-1',
    });
    expect(kafkaConnection(settings).sasl).toEqual({ mechanism: 'oauthbearer', oauthBearerProvider: expect.any(Function) });
    expect(problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: 'aws-msk-iam' })).toContain(
      'KAFKA_SASL_AWS_REGION: KAFKA_SASL_AWS_REGION is required',
    );
    expect(problemsOf({ ...BROKERS, KAFKA_SASL_MECHANISM: 'gssapi' })).toContain(
      'KAFKA_SASL_MECHANISM: KAFKA_SASL_MECHANISM must be one of plain, scram-sha-256, scram-sha-512, aws-msk-iam',
    );
  });
});
