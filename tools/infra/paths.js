'use strict';
// Where the local infrastructure lives: downloads are cached outside the work tree (shared by every
// clone), data and logs stay under one ignored folder of this checkout.
const os = require('node:os');
const path = require('node:path');

const repoRoot = path.resolve(__dirname, '..', '..');
const cacheRoot = process.env.ONESCALE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'onescale');
const stateRoot = process.env.ONESCALE_STATE_DIR || path.join(repoRoot, '.onescale');

const VERSIONS = Object.freeze({ kafka: '4.1.1', ferretdb: '1.24.2', versitygw: '1.7.0' });

const ports = () => ({
  kafka: Number(process.env.ONESCALE_KAFKA_PORT || 9092),
  kafkaController: Number(process.env.ONESCALE_KAFKA_CONTROLLER_PORT || 9093),
  // The SASL_SSL listener: two above the plaintext one unless set.
  kafkaTls: Number(process.env.ONESCALE_KAFKA_TLS_PORT || Number(process.env.ONESCALE_KAFKA_PORT || 9092) + 2),
  ferretdb: Number(process.env.ONESCALE_MONGO_PORT || 27017),
  s3: Number(process.env.ONESCALE_S3_PORT || 7070),
});

module.exports = {
  repoRoot,
  cacheRoot,
  stateRoot,
  VERSIONS,
  ports,
  infraDir: (name) => path.join(stateRoot, 'infra', name),
  logFile: (name) => path.join(stateRoot, 'logs', `${name}.log`),
  stateFile: path.join(stateRoot, 'infra', 'state.json'),
};
