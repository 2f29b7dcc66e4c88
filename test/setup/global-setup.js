'use strict';
// Before integration and end-to-end tests: real infrastructure (started here unless configured),
// a fresh build of the apps, and for the e2e project the whole system on its own ports.
const path = require('node:path');
const infra = require('../../tools/infra');
const { build, startSystem } = require('../../tools/system');
const { stateRoot } = require('../../tools/infra/paths');

const E2E_PORTS = { gateway: 3100, ingest: 3101, metrics: 3102, quota: 3103, archiver: 3104 };

module.exports = async function globalSetup(_globalConfig, projectConfig) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const shared = (globalThis.__onescaleTest ??= { startedInfra: [], built: false, system: null });
  shared.setups = (shared.setups ?? 0) + 1;
  const { env, started } = await infra.up({ log: (line) => process.stderr.write(`[infra] ${line}\n`) });
  shared.startedInfra.push(...started);
  Object.assign(process.env, env);
  if (!shared.built) {
    build();
    shared.built = true;
  }
  if (projectConfig.displayName?.name === 'e2e' && !shared.system) {
    shared.system = await startSystem({ infraEnv: env, ports: E2E_PORTS, logDir: path.join(stateRoot, 'logs', 'e2e') });
    Object.assign(process.env, {
      E2E_GATEWAY_URL: shared.system.urls.gateway,
      E2E_ADMIN_KEY: shared.system.adminKey,
      INTERNAL_TOKEN: shared.system.env.INTERNAL_TOKEN,
      ...Object.fromEntries(Object.entries(shared.system.urls).map(([app, url]) => [`E2E_${app.toUpperCase()}_URL`, url])),
    });
  }
};
