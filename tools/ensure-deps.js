'use strict';
// Installs the Node dependencies when a fresh clone has none (or the lock file changed since), so
// `npm start` and `npm test` work on a fresh clone. Callers run it before they require any package.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

/** True when node_modules is missing or older than the lock file (npm ci writes the marker last). */
function dependenciesStale(dir = root) {
  const marker = path.join(dir, 'node_modules', '.package-lock.json');
  const lock = path.join(dir, 'package-lock.json');
  return !fs.existsSync(marker) || fs.statSync(lock).mtimeMs > fs.statSync(marker).mtimeMs + 1000;
}

function ensureDeps() {
  if (!dependenciesStale()) return;
  console.log('installing the Node dependencies (npm ci)…');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm ci failed (exit code ${result.status ?? result.signal}); nothing was started`);
    process.exit(result.status || 1);
  }
}

module.exports = { ensureDeps, dependenciesStale };
