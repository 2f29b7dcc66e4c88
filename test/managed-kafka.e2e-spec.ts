import { testEnv } from './support/env';

// The end-to-end system reaches Kafka as it would a managed cluster (test/setup/e2e-global-setup.js):
// every other end-to-end test therefore passes through TLS and a SCRAM login.
describe('the system under test and its Kafka listener', () => {
  it('is connected to the SASL_SSL listener, not the plaintext one', () => {
    expect(testEnv.kafkaTls.brokers).not.toBe('');
    expect(process.env.E2E_KAFKA_BROKERS).toBe(testEnv.kafkaTls.brokers);
    expect(process.env.E2E_KAFKA_BROKERS).not.toBe(testEnv.brokers.join(','));
  });
});
