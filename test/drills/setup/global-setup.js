'use strict';
// Before the drills: a fresh set of servers of their own (see drill-infra.js), a build, and the
// topics created exactly as the Kubernetes Job creates them (its command, run against this broker).
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { parseAllDocuments } = require('yaml');
const { configureDrillInfra, repoRoot } = require('./drill-infra');

const log = (line) => process.stderr.write(`[drills] ${line}\n`);

/**
 * A build of their own, laid out as in the image (`<root>/dist/...`): other test runs rebuild the
 * shared dist/ at any moment, which would pull files from under the apps a drill restarts.
 */
function buildForDrills(buildRoot) {
  const outDir = path.join(buildRoot, 'dist');
  fs.rmSync(outDir, { recursive: true, force: true });
  for (const [tool, args] of [
    ['tsc', ['-p', 'tsconfig.build.json', '--outDir', outDir]],
    ['tsc-alias', ['-p', 'tsconfig.build.json', '--outDir', outDir]],
  ]) {
    const result = spawnSync(path.join(repoRoot, 'node_modules', '.bin', tool), args, { cwd: repoRoot, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`the drills' build failed (${tool})`);
  }
}

function runTopicJob(env, buildRoot) {
  const file = path.join(repoRoot, 'deploy', 'k8s', 'create-topics-job.yaml');
  const job = parseAllDocuments(fs.readFileSync(file, 'utf8'))[0].toJS();
  const [command, ...args] = job.spec.template.spec.containers[0].command;
  const result = spawnSync(command === 'node' ? process.execPath : command, args, {
    cwd: buildRoot,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`the topic-creation Job's command failed:\n${result.stdout}\n${result.stderr}`);
  log(`topic Job (${args.join(' ')}): ${(result.stdout.match(/topics ready: .*/) ?? ['done'])[0]}`);
}

module.exports = async function globalSetup() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  // tools/infra reads its state folder once, when first loaded: another project's setup in the same
  // run would already have pointed it at the shared servers, which a drill must never stop.
  if (require.cache[require.resolve('../../../tools/infra/paths')]) {
    throw new Error('the drills run alone (npm run drills), not together with other test projects');
  }
  const stateDir = configureDrillInfra();
  const infra = require('../../../tools/infra');
  const { portInUse } = require('../../../tools/infra/process');
  for (let port = 3700; port <= 3705; port++) {
    if (await portInUse(port)) throw new Error(`port ${port} is taken: the drills need 3700-3705 (is another drill run active?)`);
  }
  const { infraDir } = require('../../../tools/infra/paths');
  // Start from empty servers: leftovers of an earlier run would slow FerretDB's scans and blur counts.
  await infra.down({ log });
  for (const server of ['kafka', 'ferretdb', 's3']) fs.rmSync(infraDir(server), { recursive: true, force: true });
  fs.rmSync(path.join(stateDir, 'logs'), { recursive: true, force: true });
  const t0 = Date.now();
  const { env } = await infra.up({ log });
  log(`servers ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (state in ${path.relative(repoRoot, stateDir)})`);
  Object.assign(process.env, env);
  const buildRoot = path.join(stateDir, 'build');
  process.env.ONESCALE_DRILLS_BUILD = buildRoot;
  if (!process.env.ONESCALE_DRILLS_SKIP_BUILD || !fs.existsSync(path.join(buildRoot, 'dist'))) {
    const t1 = Date.now();
    buildForDrills(buildRoot);
    log(`built into ${path.relative(repoRoot, buildRoot)}/dist in ${((Date.now() - t1) / 1000).toFixed(1)} s`);
  }
  runTopicJob(env, buildRoot);
};
