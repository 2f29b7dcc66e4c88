#!/usr/bin/env node
'use strict';
// node tools/deploy/promtool.js: `promtool check rules` on deploy/prometheus/alerts.yml, then its unit
// tests (`promtool test rules` on alerts.test.yml). promtool is built from the Go module proxy into
// the same cache as the local servers on first use (about 5 min of CPU on 2 cores; 12 min of wall
// time was measured on a busy machine) and reused afterwards.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { cacheRoot, repoRoot } = require('../infra/paths');
const { run, hasCommand } = require('../infra/process');

const VERSION = '0.316.0';
const binDir = path.join(cacheRoot, `promtool-${VERSION}`);
const binary = path.join(binDir, 'promtool');
const rulesDir = path.join(repoRoot, 'deploy', 'prometheus');

function provision() {
  if (fs.existsSync(binary)) return;
  if (!hasCommand('go')) throw new Error('promtool is built with Go 1.24 or newer: install Go and put it on PATH');
  const t0 = Date.now();
  console.log(`building promtool v${VERSION} into ${binDir} (first run only)…`);
  fs.mkdirSync(binDir, { recursive: true });
  run('go', ['install', `github.com/prometheus/prometheus/cmd/promtool@v${VERSION}`], {
    env: { ...process.env, GOBIN: binDir, GOTOOLCHAIN: 'local', CGO_ENABLED: '0' },
  });
  console.log(`promtool built in ${Math.round((Date.now() - t0) / 1000)} s`);
}

function promtool(args) {
  const result = spawnSync(binary, args, { cwd: rulesDir, stdio: 'inherit' });
  return result.status === 0;
}

try {
  provision();
} catch (error) {
  console.error(`promtool: ${error.message}`);
  process.exit(1);
}
const ok = promtool(['check', 'rules', 'alerts.yml']) && promtool(['test', 'rules', 'alerts.test.yml']);
process.exit(ok ? 0 : 1);
