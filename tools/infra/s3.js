'use strict';
// versitygw: the S3 API over a POSIX directory, built with `go install` from the Go module proxy.
const fs = require('node:fs');
const path = require('node:path');
const { cacheRoot, infraDir, VERSIONS, ports } = require('./paths');
const { runAsync, hasCommand, startDetached } = require('./process');

const version = VERSIONS.versitygw;
const binDir = path.join(cacheRoot, `versitygw-${version}`);
const binary = path.join(binDir, 'versitygw');

const credentials = () => ({
  accessKeyId: process.env.S3_ACCESS_KEY_ID || 'onescale',
  secretAccessKey: process.env.S3_SECRET_ACCESS_KEY || 'onescale-local-secret',
});
const bucket = () => process.env.S3_BUCKET || 'onescale-archive';

function checkToolchain() {
  return fs.existsSync(binary) || hasCommand('go') ? [] : ['versitygw is built with Go 1.25 or newer: install Go and put it on PATH.'];
}

async function provision() {
  if (fs.existsSync(binary)) return false;
  fs.mkdirSync(binDir, { recursive: true });
  await runAsync('go', ['install', `github.com/versity/versitygw/cmd/versitygw@v${version}`], {
    env: { ...process.env, GOBIN: binDir, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
  });
  return true;
}

function start() {
  const dir = infraDir('s3');
  const data = path.join(dir, 'data');
  const meta = path.join(dir, 'meta');
  fs.mkdirSync(data, { recursive: true });
  fs.mkdirSync(meta, { recursive: true });
  const { accessKeyId, secretAccessKey } = credentials();
  return startDetached('s3', binary, ['--port', `127.0.0.1:${ports().s3}`, 'posix', '--sidecar', meta, data], {
    ROOT_ACCESS_KEY: accessKeyId,
    ROOT_SECRET_KEY: secretAccessKey,
  });
}

function client(endpoint) {
  const { S3Client } = require('@aws-sdk/client-s3');
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: credentials(),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** Ready when the API answers a signed request; the archive bucket is created on the way. */
async function ready() {
  const { CreateBucketCommand, HeadBucketCommand } = require('@aws-sdk/client-s3');
  const s3 = client(`http://127.0.0.1:${ports().s3}`);
  try {
    try {
      await s3.send(new HeadBucketCommand({ Bucket: bucket() }));
    } catch (error) {
      if (error?.$metadata?.httpStatusCode !== 404) throw error;
      await s3.send(new CreateBucketCommand({ Bucket: bucket() }));
    }
    return true;
  } finally {
    s3.destroy();
  }
}

module.exports = {
  name: 's3',
  label: 'versitygw (S3 API, posix)',
  version,
  envOverride: () => process.env.S3_ENDPOINT,
  port: () => ports().s3,
  extraPorts: () => [],
  checkToolchain,
  provision,
  start,
  ready,
  readyTimeoutMs: 30000,
  env: () => ({
    S3_ENDPOINT: `http://127.0.0.1:${ports().s3}`,
    S3_ACCESS_KEY_ID: credentials().accessKeyId,
    S3_SECRET_ACCESS_KEY: credentials().secretAccessKey,
    S3_BUCKET: bucket(),
  }),
};
