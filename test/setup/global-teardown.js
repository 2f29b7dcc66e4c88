'use strict';
// Stops what the setup started: the e2e system, then the servers this run brought up (if any).
const infra = require('../../tools/infra');

module.exports = async function globalTeardown(_globalConfig, projectConfig) {
  const shared = globalThis.__onescaleTest;
  if (!shared) return;
  if (projectConfig.displayName?.name === 'e2e' && shared.system) {
    await shared.system.stop();
    shared.system = null;
  }
  shared.teardowns = (shared.teardowns ?? 0) + 1;
  // The last project to finish stops the infrastructure this run started.
  if (shared.teardowns >= (shared.setups ?? shared.teardowns) && shared.startedInfra.length > 0 && !process.env.ONESCALE_KEEP_INFRA) {
    await infra.down({ only: shared.startedInfra, log: (line) => process.stderr.write(`[infra] ${line}\n`) });
    shared.startedInfra = [];
  }
};
