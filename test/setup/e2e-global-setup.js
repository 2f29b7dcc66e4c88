'use strict';
// Before end-to-end tests: what the integration tests need, then the whole system on its own ports.
const path = require('node:path');
const globalSetup = require('./global-setup');

const E2E_PORTS = { gateway: 3100, ingest: 3101, metrics: 3102, quota: 3103, archiver: 3104, notifier: 3105 };

/**
 * The system under test reaches Kafka as it would a managed cluster: through the local broker's
 * SASL_SSL listener, over TLS with the local CA and a SCRAM-SHA-512 login. (Tests that tap Kafka
 * themselves use the plaintext listener of the same broker.) A configured external broker is used as
 * it is.
 */
function throughTlsListener(infraEnv) {
  if (!infraEnv.ONESCALE_LOCAL_KAFKA_TLS_BROKERS) return infraEnv;
  return {
    ...infraEnv,
    KAFKA_BROKERS: infraEnv.ONESCALE_LOCAL_KAFKA_TLS_BROKERS,
    KAFKA_SSL: 'true',
    KAFKA_SSL_CA_FILE: infraEnv.ONESCALE_LOCAL_KAFKA_TLS_CA_FILE,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: infraEnv.ONESCALE_LOCAL_KAFKA_SASL_USERNAME,
    KAFKA_SASL_PASSWORD: infraEnv.ONESCALE_LOCAL_KAFKA_SASL_PASSWORD,
  };
}

module.exports = async function e2eGlobalSetup() {
  const shared = await globalSetup();
  if (shared.system) return;
  // loaded only now: the shared setup has pointed tools/infra at the tests' own state folder
  const { startSystem } = require('../../tools/system');
  const { stateRoot } = require('../../tools/infra/paths');
  shared.system = await startSystem({
    infraEnv: throughTlsListener(shared.infraEnv),
    ports: E2E_PORTS,
    logDir: path.join(stateRoot, 'logs', 'e2e'),
  });
  Object.assign(process.env, {
    E2E_GATEWAY_URL: shared.system.urls.gateway,
    E2E_ADMIN_KEY: shared.system.adminKey,
    E2E_KAFKA_BROKERS: shared.system.env.KAFKA_BROKERS,
    INTERNAL_TOKEN: shared.system.env.INTERNAL_TOKEN,
    ...Object.fromEntries(Object.entries(shared.system.urls).map(([app, url]) => [`E2E_${app.toUpperCase()}_URL`, url])),
  });
};
