import { ConfigError, loadConfig } from './load-config';
import { KafkaMongoConfig } from './base.config';

describe('loadConfig', () => {
  const valid = {
    PORT: '3001',
    INTERNAL_TOKEN: 'x'.repeat(16),
    KAFKA_BROKERS: '127.0.0.1:9092',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/',
  };

  it('reads and converts a valid environment, with defaults for what is unset', () => {
    const config = loadConfig(KafkaMongoConfig, valid);
    expect(config.PORT).toBe(3001);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('counts an empty variable as unset: its default applies, and a required one is reported missing', () => {
    expect(loadConfig(KafkaMongoConfig, { ...valid, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
    expect(() => loadConfig(KafkaMongoConfig, { ...valid, KAFKA_BROKERS: '' })).toThrow(/KAFKA_BROKERS:/);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig(KafkaMongoConfig, { PORT: '99999', INTERNAL_TOKEN: 'short', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const variable of ['PORT', 'INTERNAL_TOKEN', 'LOG_LEVEL', 'KAFKA_BROKERS', 'MONGODB_URI'])
      expect(problems).toContain(`${variable}:`);
  });
});
