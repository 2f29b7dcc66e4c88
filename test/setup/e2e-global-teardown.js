'use strict';
// After end-to-end tests: the system first, then what the shared teardown stops.
const globalTeardown = require('./global-teardown');

module.exports = async function e2eGlobalTeardown() {
  const shared = globalThis.__onescaleTest;
  if (shared?.system) {
    await shared.system.stop();
    shared.system = null;
  }
  await globalTeardown();
};
