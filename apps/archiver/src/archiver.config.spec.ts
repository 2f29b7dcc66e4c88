import { ConfigError, loadConfig } from '@onescale/platform';
import { ArchiverConfig } from './archiver.config';

const base = {
  INTERNAL_TOKEN: 'x'.repeat(16),
  KAFKA_BROKERS: '127.0.0.1:9092',
  MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  S3_ENDPOINT: 'http://127.0.0.1:7070',
  S3_ACCESS_KEY_ID: 'id',
  S3_SECRET_ACCESS_KEY: 'secret',
};

const problems = (env: Record<string, string>): readonly string[] => {
  try {
    loadConfig(ArchiverConfig, { ...base, ...env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('ArchiverConfig', () => {
  it('defaults to the seed’s archival settings, a 02:00 UTC schedule and the metrics hot store', () => {
    expect(loadConfig(ArchiverConfig, base)).toMatchObject({
      PORT: 3004,
      MONGODB_DB: 'onescale_archiver',
      HOT_STORE_DB: 'onescale_metrics_hot',
      ARCHIVAL_CRON: '0 2 * * *',
      AGE_THRESHOLD_DAYS: 365,
      BATCH_SIZE: 1000,
      RETENTION_DAYS: 2555,
    });
    expect(loadConfig(ArchiverConfig, base).ONESCALE_FAKE_NOW).toBeUndefined();
  });

  it('accepts `off` and six-field cron expressions, and reads the test clock as a number', () => {
    expect(loadConfig(ArchiverConfig, { ...base, ARCHIVAL_CRON: 'off' }).ARCHIVAL_CRON).toBe('off');
    expect(loadConfig(ArchiverConfig, { ...base, ARCHIVAL_CRON: '*/5 * * * * *' }).ARCHIVAL_CRON).toBe('*/5 * * * * *');
    expect(loadConfig(ArchiverConfig, { ...base, ONESCALE_FAKE_NOW: '1924992000000' }).ONESCALE_FAKE_NOW).toBe(1924992000000);
  });

  it('lists every bad setting at once', () => {
    const found = problems({
      ARCHIVAL_CRON: 'at two',
      BATCH_SIZE: '0',
      LEASE_TTL_MS: '10',
      ARCHIVER_CRASH_AFTER: 'boot',
      ONESCALE_FAKE_NOW: 'yesterday',
    });
    expect([...new Set(found.map((p) => p.split(':')[0]))].sort()).toEqual([
      'ARCHIVAL_CRON',
      'ARCHIVER_CRASH_AFTER',
      'BATCH_SIZE',
      'LEASE_TTL_MS',
      'ONESCALE_FAKE_NOW',
    ]);
  });
});
