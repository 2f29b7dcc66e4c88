'use strict';
// Integration and end-to-end tests run on servers of their own: a separate state folder and ports,
// started empty by the test setup and stopped after it. The servers `npm start` uses, with a
// developer's data and backlog, never reach a test (an archival count that scans every event, a
// consumer group with a long lag). KAFKA_BROKERS, MONGODB_URI and S3_ENDPOINT still point the tests
// at external servers instead.
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

/** Points tools/infra at the tests' servers; call before anything loads tools/infra/paths. */
function configureTestInfra(env = process.env) {
  env.ONESCALE_STATE_DIR = env.ONESCALE_TEST_STATE_DIR || path.join(repoRoot, '.onescale', 'test');
  env.ONESCALE_KAFKA_PORT = env.ONESCALE_TEST_KAFKA_PORT || '19192';
  env.ONESCALE_KAFKA_CONTROLLER_PORT = env.ONESCALE_TEST_KAFKA_CONTROLLER_PORT || '19193';
  env.ONESCALE_MONGO_PORT = env.ONESCALE_TEST_MONGO_PORT || '27127';
  env.ONESCALE_S3_PORT = env.ONESCALE_TEST_S3_PORT || '17170';
  return env.ONESCALE_STATE_DIR;
}

module.exports = { configureTestInfra, repoRoot };
