'use strict';
// The drills stop and restart servers, so they run on a set of their own, never the servers
// `npm start`, `npm test` or a developer may be using. Environment overrides that point at external
// servers are ignored: a drill must control the servers it breaks.
const { useOwnServers, repoRoot } = require('../../../tools/infra/own-servers');

const configureDrillInfra = (env = process.env) =>
  useOwnServers(env, {
    name: 'drills',
    prefix: 'ONESCALE_DRILLS',
    ports: { kafka: 19092, kafkaController: 19093, mongo: 27117, s3: 17070 },
    external: false,
  });

module.exports = { configureDrillInfra, repoRoot };
