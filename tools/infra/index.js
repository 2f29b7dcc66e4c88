'use strict';
// `up`, `down` and `status` for the local infrastructure: real Kafka, FerretDB and versitygw servers on
// 127.0.0.1. Environment variables that point at existing servers skip provisioning entirely.
const fs = require('node:fs');
const path = require('node:path');
const { stateRoot, logFile } = require('./paths');
const { readState, writeState, recordServer, isAlive, isOurs, portInUse, stopPid, memoryOf, waitFor, sleep } = require('./process');
const { portHolder, describeHolder } = require('./listeners');

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

async function upOne(server, { log, spawned, signal }) {
  if (server.envOverride()) {
    log(`${server.name}: using the configured server (${server.envOverride()})`);
    return { name: server.name, external: true, env: {} };
  }
  const failWithLog = (error) => {
    throw new Error(`${error.message}\n--- last lines of ${logFile(server.name)} ---\n${tail(logFile(server.name))}`);
  };
  const known = readState()[server.name];
  if (isOurs(known)) {
    // Ours, perhaps still starting: an earlier `up` may have been killed before it was ready.
    await waitFor(`${server.name} (${server.label})`, server.ready, server.readyTimeoutMs, () => !isAlive(known.pid), signal).catch(
      failWithLog,
    );
    log(`${server.name}: already running (pid ${known.pid}, port ${server.port()})`);
    return { name: server.name, reused: true, env: server.env() };
  }
  if (known) recordServer(server.name, null);
  for (const port of [server.port(), ...server.extraPorts()]) {
    if (await portInUse(port)) {
      throw new Error(
        `${server.name}: port ${port} is taken by ${describeHolder(portHolder(port))}, which this checkout did not start. ` +
          `Stop it, choose another port (ONESCALE_*_PORT), or point onescale at an existing server with ${Object.keys(server.env())[0]}.`,
      );
    }
  }
  const problems = server.checkToolchain();
  if (problems.length > 0) throw new Error(`${server.name}: ${problems.join(' ')}`);

  const t0 = Date.now();
  const provisioned = await server.provision();
  const provisionMs = Date.now() - t0;
  if (provisioned) log(`${server.name}: provisioned ${server.label} ${server.version} in ${(provisionMs / 1000).toFixed(1)} s`);
  if (signal.aborted) throw new Error(`${server.name}: not started (interrupted)`);

  const t1 = Date.now();
  const { pid, command } = server.start();
  // Recorded before it is ready, so a failed or interrupted `up` (or a later `down`) can stop it.
  spawned.push({ name: server.name, pid });
  recordServer(server.name, { pid, command, version: server.version, port: server.port(), startedAt: Date.now() });
  await waitFor(`${server.name} (${server.label})`, server.ready, server.readyTimeoutMs, () => !isAlive(pid), signal).catch(failWithLog);
  const startMs = Date.now() - t1;
  log(
    `${server.name}: ${server.label} ${server.version} ready on 127.0.0.1:${server.port()} in ${(startMs / 1000).toFixed(1)} s (pid ${pid})`,
  );
  return { name: server.name, started: true, pid, provisionMs, startMs, env: server.env() };
}

/**
 * Brings every server up (or reuses it) and returns the environment the apps need. When one server
 * fails, or `signal` aborts (Ctrl-C), the others stop waiting and whatever this call started is
 * stopped again: a failed `up` leaves nothing behind.
 */
async function up({ log = console.log, signal } = {}) {
  return withLock(async () => {
    const spawned = [];
    const giveUp = new AbortController();
    const onAbort = () => giveUp.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let firstError = null;
    try {
      const settled = await Promise.allSettled(
        SERVERS.map((server) =>
          upOne(server, { log, spawned, signal: giveUp.signal }).catch((error) => {
            firstError ??= error;
            giveUp.abort();
            throw error;
          }),
        ),
      );
      if (firstError || signal?.aborted) {
        for (const { name, pid } of spawned) {
          await stopPid(pid);
          recordServer(name, null);
          log(`${name}: stopped (pid ${pid}), as this start did not complete`);
        }
        throw signal?.aborted ? new Error('interrupted') : firstError;
      }
      const results = settled.map((r) => r.value);
      const env = Object.assign({}, ...results.map((r) => r.env));
      return { results, env, started: results.filter((r) => r.started).map((r) => r.name) };
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
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
      // A recorded pid that now belongs to another program (reused after a reboot) is left alone.
      if (isOurs(known)) {
        await stopPid(known.pid);
        log(`${server.name}: stopped (pid ${known.pid})`);
      } else log(`${server.name}: was not running (pid ${known.pid} is gone)`);
      delete state[server.name];
    }
    writeState(state);
  });
}

/** Each server: ours (ready or starting, by its recorded pid and command), stopped, or its port taken by another process. */
async function status() {
  const state = readState();
  return Promise.all(
    SERVERS.map(async (server) => {
      if (server.envOverride()) return { name: server.name, label: server.label, state: 'external', endpoint: server.envOverride() };
      const known = state[server.name];
      const ours = isOurs(known);
      const ready = ours ? await server.ready().catch(() => false) : false;
      const holder = !ours && (await portInUse(server.port())) ? portHolder(server.port()) : null;
      return {
        name: server.name,
        label: server.label,
        version: server.version,
        port: server.port(),
        pid: ours ? known.pid : (holder?.pid ?? null),
        state: ready ? 'ready' : ours ? 'starting' : holder ? 'taken' : 'stopped',
        ...(holder ? { heldBy: describeHolder(holder) } : {}),
        memory: ours ? memoryOf(known.pid) : null,
      };
    }),
  );
}

/** The environment apps need to reach the local servers (or the configured ones). */
function localEnv() {
  return Object.assign({}, ...SERVERS.filter((s) => !s.envOverride()).map((s) => s.env()));
}

module.exports = { up, down, status, localEnv, SERVERS };
