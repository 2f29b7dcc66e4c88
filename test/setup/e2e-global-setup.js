'use strict';
// Before end-to-end tests: what the integration tests need, then the whole system on its own ports.
const path = require('node:path');
const globalSetup = require('./global-setup');

const E2E_PORTS = { gateway: 3100, ingest: 3101, metrics: 3102, quota: 3103, archiver: 3104 };

module.exports = async function e2eGlobalSetup() {
  const shared = await globalSetup();
  if (shared.system) return;
  // loaded only now: the shared setup has pointed tools/infra at the tests' own state folder
  const { startSystem } = require('../../tools/system');
  const { stateRoot } = require('../../tools/infra/paths');
  shared.system = await startSystem({ infraEnv: shared.infraEnv, ports: E2E_PORTS, logDir: path.join(stateRoot, 'logs', 'e2e') });
  Object.assign(process.env, {
    E2E_GATEWAY_URL: shared.system.urls.gateway,
    E2E_ADMIN_KEY: shared.system.adminKey,
    INTERNAL_TOKEN: shared.system.env.INTERNAL_TOKEN,
    ...Object.fromEntries(Object.entries(shared.system.urls).map(([app, url]) => [`E2E_${app.toUpperCase()}_URL`, url])),
  });
};
