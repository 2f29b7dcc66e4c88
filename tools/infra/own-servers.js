'use strict';
// Test runs and drills use servers of their own: a state folder and ports apart from the servers
// `npm start` or a developer may be using, so neither sees the other's data, backlog or restarts.
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Points tools/infra at the servers of one kind of run; call before anything loads tools/infra/paths.
 * `prefix` names the variables that move them (e.g. ONESCALE_TEST_KAFKA_PORT, ONESCALE_TEST_STATE_DIR);
 * `ports` are the defaults. With `external: false`, KAFKA_BROKERS, MONGODB_URI and S3_ENDPOINT are
 * dropped, so the run controls every server it uses.
 */
function useOwnServers(env, { name, prefix, ports, external = true }) {
  env.ONESCALE_STATE_DIR = env[`${prefix}_STATE_DIR`] || path.join(repoRoot, '.onescale', name);
  env.ONESCALE_KAFKA_PORT = env[`${prefix}_KAFKA_PORT`] || String(ports.kafka);
  env.ONESCALE_KAFKA_CONTROLLER_PORT = env[`${prefix}_KAFKA_CONTROLLER_PORT`] || String(ports.kafkaController);
  env.ONESCALE_MONGO_PORT = env[`${prefix}_MONGO_PORT`] || String(ports.mongo);
  env.ONESCALE_S3_PORT = env[`${prefix}_S3_PORT`] || String(ports.s3);
  if (!external) for (const variable of ['KAFKA_BROKERS', 'MONGODB_URI', 'S3_ENDPOINT']) delete env[variable];
  return env.ONESCALE_STATE_DIR;
}

module.exports = { useOwnServers, repoRoot };
