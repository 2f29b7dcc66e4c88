import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { rootCertificates } from 'node:tls';
import { eventually, testEnv } from '../../../../test/support/env';
import { TEST_INTERNAL_TOKEN } from '../../../../test/support/app-process';
import { KafkaConnectionConfig } from '../config/kafka-connection.config';
import { loadConfig } from '../config/load-config';
import { createKafka } from './kafka-client';
import { checkKafkaSettings, kafkaConnection, KafkaSettingError } from './kafka-connection';

// The local broker's SASL_SSL listener, as managed Kafka offerings expose theirs: TLS with a private CA,
// SCRAM and PLAIN logins. The test setup starts the broker; these variables say where the listener is.
const listener = testEnv.kafkaTls;
const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'onescale-kafka-tls-'));

const settingsFor = (overrides: Record<string, string> = {}): KafkaConnectionConfig =>
  loadConfig(KafkaConnectionConfig, {
    KAFKA_BROKERS: listener.brokers,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: listener.caFile,
    KAFKA_SASL_MECHANISM: 'scram-sha-256',
    KAFKA_SASL_USERNAME: listener.username,
    KAFKA_SASL_PASSWORD: listener.password,
    ...overrides,
  });

const settingErrorOf = async (settings: KafkaConnectionConfig): Promise<KafkaSettingError> => {
  const outcome = await checkKafkaSettings(kafkaConnection(settings), settings).then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof KafkaSettingError)) throw new Error(`expected a KafkaSettingError, got ${String(outcome)}`);
  return outcome;
};

/** A CA the listener's certificate was not signed by: the first of Node's bundled public roots. */
function anotherCa(): string {
  const file = path.join(scratch, 'public-root.pem');
  writeFileSync(file, rootCertificates[0]);
  return file;
}

describe('Kafka over TLS with SASL (the local SASL_SSL listener)', () => {
  it('is provisioned by the test setup', () => {
    expect(listener).toEqual({
      brokers: expect.stringMatching(/^127\.0\.0\.1:\d+$/),
      caFile: expect.any(String),
      username: 'onescale',
      password: expect.any(String),
    });
    expect(listener.brokers).not.toBe(testEnv.brokers[0]);
  });

  it('carries records both ways over TLS with a SCRAM-SHA-512 login', async () => {
    const kafka = createKafka('onescale-tls-smoke', kafkaConnection(settingsFor({ KAFKA_SASL_MECHANISM: 'scram-sha-512' })));
    const topic = `tls-smoke-${randomUUID()}`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const producer = kafka.producer();
    const consumer = kafka.consumer({ groupId: `tls-smoke-${randomUUID()}` });
    const received: string[] = [];
    try {
      await producer.connect();
      await producer.send({ topic, messages: [{ value: 'over TLS' }] });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void received.push(String(message.value)) });
      await eventually(() => (received.length > 0 ? received : undefined), 30000, 'the record read back over TLS');
      expect(received).toEqual(['over TLS']);
    } finally {
      await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
      await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
      await admin.disconnect();
    }
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'])('accepts the %s login', async (mechanism) => {
    const settings = settingsFor({ KAFKA_SASL_MECHANISM: mechanism });
    await expect(checkKafkaSettings(kafkaConnection(settings), settings)).resolves.toBeUndefined();
    const admin = createKafka('onescale-tls-login', kafkaConnection(settings)).admin();
    await admin.connect();
    await expect(admin.describeCluster()).resolves.toMatchObject({
      brokers: [expect.objectContaining({ port: Number(listener.brokers.split(':')[1]) })],
    });
    await admin.disconnect();
  });

  it.each(['plain', 'scram-sha-256'])('names KAFKA_SASL_PASSWORD when the %s login is refused', async (mechanism) => {
    const error = await settingErrorOf(settingsFor({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_PASSWORD: 'not-the-password' }));
    expect(error.setting).toBe('KAFKA_SASL_PASSWORD');
    expect(error.message).toContain(`KAFKA_SASL_USERNAME=onescale (KAFKA_SASL_MECHANISM=${mechanism}): check KAFKA_SASL_PASSWORD`);
  });

  it('names KAFKA_SSL_CA_FILE when the CA did not sign the brokers’ certificate', async () => {
    const ca = anotherCa();
    const error = await settingErrorOf(settingsFor({ KAFKA_SSL_CA_FILE: ca }));
    expect(error.setting).toBe('KAFKA_SSL_CA_FILE');
    expect(error.message).toContain(`the brokers' TLS certificate is not trusted by KAFKA_SSL_CA_FILE=${ca}`);
  });

  it('names KAFKA_SSL_CA_FILE when no CA is set and the system CAs do not know the brokers’ one', async () => {
    const settings = loadConfig(KafkaConnectionConfig, { KAFKA_BROKERS: listener.brokers, KAFKA_SSL: 'true' });
    const error = await settingErrorOf(settings);
    expect(error.message).toContain('not trusted by the system CAs (KAFKA_SSL_CA_FILE is not set)');
  });

  it('names KAFKA_SSL when TLS meets the plaintext listener, and KAFKA_SASL_MECHANISM when a login does', async () => {
    const tls = await settingErrorOf(loadConfig(KafkaConnectionConfig, { KAFKA_BROKERS: testEnv.brokers.join(','), KAFKA_SSL: 'true' }));
    expect(tls.setting).toBe('KAFKA_SSL');
    const sasl = await settingErrorOf(
      loadConfig(KafkaConnectionConfig, {
        KAFKA_BROKERS: testEnv.brokers.join(','),
        KAFKA_SASL_MECHANISM: 'scram-sha-256',
        KAFKA_SASL_USERNAME: 'u',
        KAFKA_SASL_PASSWORD: 'p',
      }),
    );
    expect(sasl.setting).toBe('KAFKA_SASL_MECHANISM');
  });

  it('leaves a broker that does not answer yet to the client’s retries', async () => {
    const settings = loadConfig(KafkaConnectionConfig, { KAFKA_BROKERS: '127.0.0.1:1' });
    await expect(checkKafkaSettings(kafkaConnection(settings), settings)).resolves.toBeUndefined();
  });

  it('stops an app at start with exit code 78 and a line naming the setting, without retrying', async () => {
    const env = {
      ...process.env,
      PORT: '3198',
      INTERNAL_TOKEN: TEST_INTERNAL_TOKEN,
      LOG_LEVEL: 'warn',
      KAFKA_BROKERS: listener.brokers,
      KAFKA_SSL: 'true',
      KAFKA_SSL_CA_FILE: listener.caFile,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: listener.username,
      KAFKA_SASL_PASSWORD: 'not-the-password',
    };
    const started = Date.now();
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'apps', 'quota', 'src', 'main.js')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
    expect({ code, output }).toEqual({ code: 78, output: expect.stringContaining('check KAFKA_SASL_PASSWORD') });
    expect(output).toContain('"msg":"Kafka settings cannot work"');
    // kafkajs's own retries would take about a minute (8 retries with backoff from 200 ms).
    expect(Date.now() - started).toBeLessThan(30000);
  });
});
