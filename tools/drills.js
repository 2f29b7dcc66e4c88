#!/usr/bin/env node
'use strict';
// npm run drills: the failure drills (test/drills), alone and in band, on servers of their own (they
// stop and restart them; see test/drills/setup/drill-infra.js). Extra arguments go to jest, e.g. a
// path to run one drill. DRILL_SEED=<n> replays the injection points a drill printed. --forceExit:
// a drill may leave a client's reconnect timer behind after its servers are gone.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const report = path.join(root, '.onescale', 'jest-drills.json');
fs.mkdirSync(path.dirname(report), { recursive: true });
fs.rmSync(report, { force: true });

const t0 = Date.now();
const result = spawnSync(
  path.join(root, 'node_modules', '.bin', 'jest'),
  ['--selectProjects', 'drills', '--runInBand', '--verbose', '--forceExit', '--json', `--outputFile=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
);

let passed = 0;
let failed = 0;
let total = 0;
try {
  const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
  ({ numPassedTests: passed, numFailedTests: failed, numTotalTests: total } = summary);
} catch {
  console.error('drills: jest wrote no report');
  process.exit(1);
}
console.log(`\ndrills took ${Math.round((Date.now() - t0) / 1000)} s`);
console.log(`drills: ${passed} passed, ${failed} failed`);
process.exit(result.status === 0 && total > 0 ? 0 : 1);
