'use strict';
// Before integration and end-to-end tests: real infrastructure (started here unless configured) and
// a fresh build of the apps. Jest runs a global setup module once per distinct path, whichever
// projects use it, so the e2e project has its own module (e2e-global-setup.js) that calls this one.
const infra = require('../../tools/infra');
const { build } = require('../../tools/system');

module.exports = async function globalSetup() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const shared = (globalThis.__onescaleTest ??= { startedInfra: [], built: false, system: null });
  shared.setups = (shared.setups ?? 0) + 1;
  const { env, started } = await infra.up({ log: (line) => process.stderr.write(`[infra] ${line}\n`) });
  shared.startedInfra.push(...started);
  shared.infraEnv = env;
  Object.assign(process.env, env);
  if (!shared.built) {
    build();
    shared.built = true;
  }
  return shared;
};
