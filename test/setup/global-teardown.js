'use strict';
// After the tests: the last project to finish stops the servers this run brought up (if any).
module.exports = async function globalTeardown() {
  const shared = globalThis.__onescaleTest;
  if (!shared) return;
  shared.teardowns = (shared.teardowns ?? 0) + 1;
  if (shared.teardowns >= (shared.setups ?? shared.teardowns) && shared.startedInfra.length > 0 && !process.env.ONESCALE_KEEP_INFRA) {
    // required here, not above: tools/infra must read the state folder the setup configured
    const infra = require('../../tools/infra');
    await infra.down({ only: shared.startedInfra, log: (line) => process.stderr.write(`[infra] ${line}\n`) });
    shared.startedInfra = [];
  }
};
