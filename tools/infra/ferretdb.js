'use strict';
// FerretDB 1.x on SQLite: the MongoDB wire protocol, built from the Go module proxy through the
// small wrapper program in ./ferretdb (upstream's cmd/ferretdb panics when built with go install).
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, infraDir, VERSIONS, ports } = require('./paths');
const { runAsync, hasCommand, startDetached } = require('./process');

const version = VERSIONS.ferretdb;
const wrapperDir = path.join(__dirname, 'ferretdb');
// The cached binary is keyed by the wrapper's source too, so a change to it rebuilds the binary.
const wrapperHash = crypto
  .createHash('sha256')
  .update(
    [
      'go.mod',
      'go.sum',
      ...fs
        .readdirSync(wrapperDir)
        .filter((f) => f.endsWith('.go'))
        .sort(),
    ]
      .map((f) => fs.readFileSync(path.join(wrapperDir, f)))
      .join('\0'),
  )
  .digest('hex')
  .slice(0, 12);
const binary = path.join(cacheRoot, `ferretdb-${version}-${wrapperHash}`, 'ferretdb');
const goEnv = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', CGO_ENABLED: '0' };

function checkToolchain() {
  return fs.existsSync(binary) || hasCommand('go') ? [] : ['FerretDB is built with Go 1.24 or newer: install Go and put it on PATH.'];
}

async function provision() {
  if (fs.existsSync(binary)) return false;
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  await runAsync('go', ['build', '-trimpath', '-o', binary, '.'], { cwd: wrapperDir, env: goEnv });
  return true;
}

function start() {
  const dataDir = path.join(infraDir('ferretdb'), 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  return startDetached('ferretdb', binary, ['--listen-addr', `127.0.0.1:${ports().ferretdb}`, '--data-dir', dataDir]);
}

async function ready() {
  const { MongoClient } = require('mongodb');
  const client = new MongoClient(`mongodb://127.0.0.1:${ports().ferretdb}/`, { serverSelectionTimeoutMS: 1000, directConnection: true });
  try {
    await client.connect();
    const reply = await client.db('admin').command({ ping: 1 });
    return reply.ok === 1;
  } finally {
    await client.close().catch(() => undefined);
  }
}

module.exports = {
  /** Where the wrapper's Go sources are, and the environment it is built (and tested) with. */
  wrapperDir,
  goEnv,
  name: 'ferretdb',
  label: 'FerretDB (MongoDB wire, SQLite)',
  version,
  envOverride: () => process.env.MONGODB_URI,
  port: () => ports().ferretdb,
  extraPorts: () => [],
  checkToolchain,
  provision,
  start,
  ready,
  readyTimeoutMs: 30000,
  env: () => ({ MONGODB_URI: `mongodb://127.0.0.1:${ports().ferretdb}/` }),
};
