#!/usr/bin/env node
'use strict';
// npm test: the linters (ESLint, Prettier), unit tests, the boundary check, the Go tests of the
// local FerretDB wrapper, then integration and end-to-end tests against real infrastructure that the
// test setup starts (and stops). The first phase that fails ends the run. Extra arguments go to every
// jest run.
require('./ensure-deps').ensureDeps();
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { stateRoot } = require('./infra/paths');
const ferretdb = require('./infra/ferretdb');

const root = path.resolve(__dirname, '..');
const jest = path.join(root, 'node_modules', '.bin', 'jest');
const extra = process.argv.slice(2);
const totals = { passed: 0, failed: 0 };

function runJest(label, args) {
  const report = path.join(stateRoot, `jest-${label}.json`);
  fs.mkdirSync(stateRoot, { recursive: true });
  fs.rmSync(report, { force: true });
  const result = spawnSync(jest, [...args, '--json', `--outputFile=${report}`, ...extra], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  try {
    const summary = JSON.parse(fs.readFileSync(report, 'utf8'));
    totals.passed += summary.numPassedTests;
    totals.failed += summary.numFailedTests;
    if (summary.numTotalTests === 0) {
      console.error(`${label}: no test ran`);
      return false;
    }
  } catch {
    console.error(`${label}: jest wrote no report`);
    return false;
  }
  return result.status === 0;
}

function step(label, command, args, options = {}) {
  console.log(`\n== ${label}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', ...options });
  return result.status === 0;
}

const phases = [
  () => step('lint (ESLint, Prettier)', 'npm', ['run', '--silent', 'lint']),
  () => (console.log('\n== unit tests'), runJest('unit', ['--selectProjects', 'unit'])),
  () => step('boundaries (dependency-cruiser)', 'npm', ['run', '--silent', 'lint:deps']),
  // The FerretDB wrapper's own code (its _id index upkeep), with the environment it is built with.
  () => step('FerretDB wrapper (go test)', 'go', ['test', '-count=1', '.'], { cwd: ferretdb.wrapperDir, env: ferretdb.goEnv }),
  () => (
    console.log('\n== integration and end-to-end tests'),
    runJest('integration', ['--selectProjects', 'integration', 'e2e', '--runInBand'])
  ),
];

let ok = true;
for (const phase of phases) {
  if (!phase()) {
    ok = false;
    break;
  }
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed`);
process.exit(ok ? 0 : 1);
