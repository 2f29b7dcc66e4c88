'use strict';
// `up`, `down` and `status` for the local infrastructure: real Kafka, FerretDB and versitygw servers on
// 127.0.0.1. Environment variables that point at existing servers skip provisioning entirely.
const fs = require('node:fs');
const path = require('node:path');
const { stateRoot } = require('./paths');
const { readState, writeState, isAlive, portInUse, stopPid, memoryOf, waitFor, sleep } = require('./process');

const SERVERS = [require('./kafka'), require('./ferretdb'), require('./s3')];
const lockDir = path.join(stateRoot, 'infra', 'lock');

/** Serialises concurrent `up`/`down` calls (test runners may start several at once). */
async function withLock(fn) {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 15 * 60 * 1000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
      break;
    } catch {
      const holder = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8') || 0);
      if (holder && !isAlive(holder)) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error('another onescale infra command holds the lock');
      else await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

function tail(file, lines = 15) {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function upOne(server, log) {
  if (server.envOverride()) {
    log(`${server.name}: using the configured server (${server.envOverride()})`);
    return { name: server.name, external: true, env: {} };
  }
  const state = readState();
  const known = state[server.name];
  if (known && isAlive(known.pid) && (await server.ready().catch(() => false))) {
    log(`${server.name}: already running (pid ${known.pid}, port ${server.port()})`);
    return { name: server.name, reused: true, env: server.env() };
  }
  for (const port of [server.port(), ...server.extraPorts()]) {
    if (await portInUse(port)) {
      throw new Error(
        `${server.name}: port ${port} is taken by another process. Stop it, choose another port ` +
          `(ONESCALE_*_PORT), or point onescale at an existing server with ${Object.keys(server.env())[0]}.`,
      );
    }
  }
  const problems = server.checkToolchain();
  if (problems.length > 0) throw new Error(`${server.name}: ${problems.join(' ')}`);

  const t0 = Date.now();
  const provisioned = await server.provision();
  const provisionMs = Date.now() - t0;
  if (provisioned) log(`${server.name}: provisioned ${server.label} ${server.version} in ${(provisionMs / 1000).toFixed(1)} s`);

  const t1 = Date.now();
  const pid = server.start();
  const { logFile } = require('./paths');
  await waitFor(`${server.name} (${server.label})`, server.ready, server.readyTimeoutMs, () => !isAlive(pid)).catch((error) => {
    throw new Error(`${error.message}\n--- last lines of ${logFile(server.name)} ---\n${tail(logFile(server.name))}`);
  });
  const startMs = Date.now() - t1;
  writeState({ ...readState(), [server.name]: { pid, version: server.version, port: server.port(), startedAt: Date.now() } });
  log(`${server.name}: ${server.label} ${server.version} ready on 127.0.0.1:${server.port()} in ${(startMs / 1000).toFixed(1)} s (pid ${pid})`);
  return { name: server.name, started: true, pid, provisionMs, startMs, env: server.env() };
}

/** Brings every server up (or reuses it) and returns the environment the apps need. */
async function up({ log = console.log } = {}) {
  return withLock(async () => {
    const results = await Promise.all(SERVERS.map((server) => upOne(server, log)));
    const env = Object.assign({}, ...results.map((r) => r.env));
    return { results, env, started: results.filter((r) => r.started).map((r) => r.name) };
  });
}

/** Stops the servers this tool started (all of them, or only those named). */
async function down({ only, log = console.log } = {}) {
  return withLock(async () => {
    const state = readState();
    for (const server of SERVERS) {
      if (only && !only.includes(server.name)) continue;
      const known = state[server.name];
      if (!known) continue;
      await stopPid(known.pid);
      delete state[server.name];
      log(`${server.name}: stopped (pid ${known.pid})`);
    }
    writeState(state);
  });
}

async function status() {
  const state = readState();
  return Promise.all(
    SERVERS.map(async (server) => {
      if (server.envOverride()) return { name: server.name, label: server.label, state: 'external', endpoint: server.envOverride() };
      const known = state[server.name];
      const alive = known ? isAlive(known.pid) : false;
      const ready = alive ? await server.ready().catch(() => false) : false;
      return {
        name: server.name,
        label: server.label,
        version: server.version,
        port: server.port(),
        pid: alive ? known.pid : null,
        state: ready ? 'ready' : alive ? 'starting' : 'stopped',
        memory: alive ? memoryOf(known.pid) : null,
      };
    }),
  );
}

/** The environment apps need to reach the local servers (or the configured ones). */
function localEnv() {
  return Object.assign({}, ...SERVERS.filter((s) => !s.envOverride()).map((s) => s.env()));
}

module.exports = { up, down, status, localEnv, SERVERS };
