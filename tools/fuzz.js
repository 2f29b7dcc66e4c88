#!/usr/bin/env node
'use strict';
// npm run fuzz: schemathesis against the running system's OpenAPI document (/docs-json), through the
// gateway, with the platform admin key and a real group, things and key ids in the path parameters.
// It fails on any 5xx, any status the document does not list and any undocumented content type.
// schemathesis and its dependencies are pinned (tools/fuzz-requirements.txt) and installed into a
// virtual environment under .onescale/ on first use.
// The cases are bounded (FUZZ_MAX_EXAMPLES per operation) so a run takes a few minutes. It uses the
// end-to-end ports: run it alone, as CI does.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
// The tests' own servers, started empty: a developer's data never slows or colours the run.
require('./infra/test-infra').configureTestInfra();
const infra = require('./infra');
const { infraDir, stateRoot } = require('./infra/paths');
const { build, startSystem } = require('./system');

const REQUIREMENTS = path.join(__dirname, 'fuzz-requirements.txt');
const SCHEMATHESIS = /^schemathesis==(.+)$/m.exec(fs.readFileSync(REQUIREMENTS, 'utf8'))[1];
const PORTS = { gateway: 3100, ingest: 3101, metrics: 3102, quota: 3103, archiver: 3104, notifier: 3105 };
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance'];
// Measured on a loaded 2-core machine: 8 per operation on 2 workers took 315 s (coverage 149 s, fuzzing
// 167 s, 1,327 cases); 4 workers made the coverage phase alone take 302 s; 5 on 2 workers took 240 s.
const MAX_EXAMPLES = process.env.FUZZ_MAX_EXAMPLES || '5';

const venv = path.join(stateRoot, 'fuzz-venv');
const st = path.join(venv, 'bin', 'st');
const workDir = path.join(stateRoot, 'fuzz');

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.status}`);
}

/** `[major, minor, patch]` of an interpreter, or undefined when it does not run. */
function pythonVersion(command) {
  const result = spawnSync(command, ['-c', 'import sys; print(*sys.version_info[:3])'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  return result.stdout.trim().split(' ').map(Number);
}

// CPython before 3.11.9, 3.12.3 and 3.13 can raise "SystemError: AST constructor recursion depth
// mismatch" from ast.parse deep in a stack, which hypothesis does while describing a strategy: the
// fuzz run then fails at random with a FlakyFailure that says nothing about the API.
function parsesSafely([major, minor, patch]) {
  if (major !== 3) return major > 3;
  if (minor === 11) return patch >= 9;
  if (minor === 12) return patch >= 3;
  return minor >= 13;
}

/**
 * The interpreter for the virtual environment: FUZZ_PYTHON when set, otherwise the newest Python 3.11+
 * on PATH or under pyenv, preferring one without the ast.parse fault.
 */
function choosePython() {
  if (process.env.FUZZ_PYTHON) return { command: process.env.FUZZ_PYTHON, version: pythonVersion(process.env.FUZZ_PYTHON) };
  const candidates = ['python3', 'python3.13', 'python3.14'];
  const pyenvRoot = process.env.PYENV_ROOT || path.join(os.homedir(), '.pyenv');
  const versionsDir = path.join(pyenvRoot, 'versions');
  if (fs.existsSync(versionsDir)) {
    for (const name of fs.readdirSync(versionsDir)) candidates.push(path.join(versionsDir, name, 'bin', 'python3'));
  }
  const found = candidates
    .map((command) => ({ command, version: pythonVersion(command) }))
    .filter(({ version }) => version && (version[0] > 3 || (version[0] === 3 && version[1] >= 11)));
  if (found.length === 0) throw new Error('npm run fuzz needs Python 3.11 or newer (set FUZZ_PYTHON to choose one)');
  const newestFirst = (a, b) => b.version[0] - a.version[0] || b.version[1] - a.version[1] || b.version[2] - a.version[2];
  const safe = found.filter(({ version }) => parsesSafely(version)).sort(newestFirst);
  if (safe.length > 0) return safe[0];
  const [fallback] = found.sort(newestFirst);
  console.warn(
    `warning: Python ${fallback.version.join('.')} can fail a fuzz run at random (ast.parse recursion fault); 3.11.9, 3.12.3 or 3.13 is safe`,
  );
  return fallback;
}

/** The pinned schemathesis in its own virtual environment (created, or rebuilt for the pin or the interpreter, when needed). */
function ensureSchemathesis() {
  const python = choosePython();
  const wanted = python.version.join('.');
  const version = spawnSync(st, ['--version'], { encoding: 'utf8' });
  const venvPython = pythonVersion(path.join(venv, 'bin', 'python'));
  if (version.status === 0 && version.stdout.includes(`version ${SCHEMATHESIS}`) && venvPython?.join('.') === wanted) return;
  console.log(`installing schemathesis ${SCHEMATHESIS} for Python ${wanted} (${python.command}) into ${venv}`);
  fs.rmSync(venv, { recursive: true, force: true });
  run(python.command, ['-m', 'venv', venv]);
  run(path.join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', REQUIREMENTS]);
}

async function call(gateway, key, method, route, body) {
  const response = await fetch(`${gateway}${route}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A group with a creator, a post and a spare key: the ids the path parameters take. */
async function fixture(gateway, adminKey) {
  const { group, apiKey } = await call(gateway, adminKey, 'POST', '/v1/groups', {
    name: `Fuzz ${Date.now().toString(36)}`,
    type: 'business',
  });
  const G = `/v1/groups/${group.id}`;
  const things = await call(gateway, apiKey.key, 'POST', `${G}/things/batch`, {
    things: [
      { type: 'creator', name: 'Fuzz creator' },
      { type: 'blog_post', name: 'Fuzz post' },
    ],
  });
  const [creatorId, postId] = things.created;
  await call(gateway, apiKey.key, 'POST', `${G}/connections/batch`, {
    connections: [{ fromThingId: creatorId, toThingId: postId, relationshipType: 'authored' }],
  });
  const spare = await call(gateway, apiKey.key, 'POST', `${G}/api-keys`, { role: 'reader' });
  return { groupId: group.id, creatorId, thingId: postId, keyId: spare.id };
}

/** schemathesis.toml: the key on every request, and the fixture's ids wherever a path names them. */
function writeConfig(adminKey, ids) {
  fs.mkdirSync(workDir, { recursive: true });
  const file = path.join(workDir, 'schemathesis.toml');
  const lines = [
    `headers = { Authorization = "Bearer ${adminKey}" }`,
    '',
    '[parameters]',
    ...Object.entries(ids).map(([name, value]) => `"path.${name}" = "${value}"`),
    '',
  ];
  fs.writeFileSync(file, lines.join('\n'));
  return file;
}

async function main() {
  const started = Date.now();
  ensureSchemathesis();
  const log = (line) => console.log(`[infra] ${line}`);
  await infra.down({ log });
  for (const server of infra.SERVERS) if (!server.envOverride()) fs.rmSync(infraDir(server.name), { recursive: true, force: true });
  const { env: infraEnv, started: startedInfra } = await infra.up({ log });
  build();
  const system = await startSystem({ infraEnv, ports: PORTS, logDir: path.join(stateRoot, 'logs', 'fuzz') });
  let status = 1;
  try {
    const gateway = system.urls.gateway;
    const ids = await fixture(gateway, system.adminKey);
    const config = writeConfig(system.adminKey, ids);
    const result = spawnSync(
      st,
      [
        '--config-file',
        config,
        'run',
        `${gateway}/docs-json`,
        '--url',
        gateway,
        '--checks',
        CHECKS.join(','),
        '--phases',
        'examples,coverage,fuzzing',
        '--max-examples',
        MAX_EXAMPLES,
        '--workers',
        '2',
        '--seed',
        '15',
        '--request-timeout',
        '60',
        '--no-color',
        '--report',
        'junit',
        '--report-dir',
        workDir,
      ],
      { stdio: 'inherit', cwd: workDir },
    );
    status = result.status ?? 1;
  } finally {
    await system.stop();
    if (startedInfra.length > 0 && !process.env.ONESCALE_KEEP_INFRA) await infra.down({ only: startedInfra, log: () => undefined });
  }
  console.log(`\nfuzz took ${Math.round((Date.now() - started) / 1000)} s; report in ${workDir}`);
  process.exit(status);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
