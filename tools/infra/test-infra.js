'use strict';
// Integration and end-to-end tests (and the fuzz run) use servers of their own, started empty by the
// test setup and stopped after it. The servers `npm start` uses, with a developer's data and backlog,
// never reach a test. KAFKA_BROKERS, MONGODB_URI and S3_ENDPOINT still point the tests at external
// servers instead.
const { useOwnServers, repoRoot } = require('./own-servers');

/** Points tools/infra at the tests' servers; call before anything loads tools/infra/paths. */
const configureTestInfra = (env = process.env) =>
  useOwnServers(env, { name: 'test', prefix: 'ONESCALE_TEST', ports: { kafka: 19192, kafkaController: 19193, mongo: 27127, s3: 17170 } });

module.exports = { configureTestInfra, repoRoot };
