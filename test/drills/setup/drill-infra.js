'use strict';
// The drills stop and restart servers, so they run on a set of their own: a separate state folder
// and ports, never the servers `npm start`, `npm test` or a developer may be using. Environment
// overrides that point at external servers are ignored: a drill must control the servers it breaks.
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..', '..');

function configureDrillInfra(env = process.env) {
  env.ONESCALE_STATE_DIR = env.ONESCALE_DRILLS_STATE_DIR || path.join(repoRoot, '.onescale', 'drills');
  env.ONESCALE_KAFKA_PORT = env.ONESCALE_DRILLS_KAFKA_PORT || '19092';
  env.ONESCALE_KAFKA_CONTROLLER_PORT = env.ONESCALE_DRILLS_KAFKA_CONTROLLER_PORT || '19093';
  env.ONESCALE_MONGO_PORT = env.ONESCALE_DRILLS_MONGO_PORT || '27117';
  env.ONESCALE_S3_PORT = env.ONESCALE_DRILLS_S3_PORT || '17070';
  for (const name of ['KAFKA_BROKERS', 'MONGODB_URI', 'S3_ENDPOINT']) delete env[name];
  return env.ONESCALE_STATE_DIR;
}

module.exports = { configureDrillInfra, repoRoot };
