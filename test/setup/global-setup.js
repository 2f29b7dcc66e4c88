'use strict';
// Before integration and end-to-end tests: servers of their own, started empty (see tools/infra/test-infra.js;
// configured external servers are used as they are), and a build of the apps. Jest runs a global
// setup module once per distinct path, whichever projects use it, so the e2e project has its own
// module (e2e-global-setup.js) that calls this one.
const fs = require('node:fs');
const { configureTestInfra } = require('../../tools/infra/test-infra');

const log = (line) => process.stderr.write(`[infra] ${line}\n`);

module.exports = async function globalSetup() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const shared = (globalThis.__onescaleTest ??= { startedInfra: [], built: false, system: null });
  shared.setups = (shared.setups ?? 0) + 1;
  if (!shared.infraEnv) {
    configureTestInfra();
    const infra = require('../../tools/infra');
    const { infraDir } = require('../../tools/infra/paths');
    // Servers left by an interrupted run, and their data, go first: every run starts from empty.
    await infra.down({ log });
    for (const server of infra.SERVERS) if (!server.envOverride()) fs.rmSync(infraDir(server.name), { recursive: true, force: true });
    const { env, started } = await infra.up({ log });
    shared.startedInfra.push(...started);
    shared.infraEnv = env;
  }
  Object.assign(process.env, shared.infraEnv);
  if (!shared.built) {
    require('../../tools/build').build();
    shared.built = true;
  }
  return shared;
};
