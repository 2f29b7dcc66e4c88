'use strict';
// Starting, finding and stopping the servers this tool owns. Ownership is recorded in a state file
// the moment a server is spawned (pid and command line), so `down` stops exactly what `up` started,
// even when that `up` failed or was interrupted before the server was ready.
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');
const { spawn, spawnSync } = require('node:child_process');
const { stateFile, logFile } = require('./paths');
const { commandOf } = require('./listeners');

function readState() {
  try {
    return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
  } catch {
    return {};
  }
}

function writeState(state) {
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify(state, null, 2));
}

/** Records (or, with null, forgets) one server in the state file. */
function recordServer(name, entry) {
  const state = readState();
  if (entry) state[name] = entry;
  else delete state[name];
  writeState(state);
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function portInUse(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a server detached from this process, its output appended to its log file. Answers its pid
 * and command line, which together recognise it later (a pid alone may have been reused).
 */
function startDetached(name, command, args, env = {}) {
  const file = logFile(name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const out = fs.openSync(file, 'a');
  const child = spawn(command, args, { detached: true, stdio: ['ignore', out, out], env: { ...process.env, ...env } });
  child.unref();
  fs.closeSync(out);
  return { pid: child.pid, command: [command, ...args].join(' ') };
}

/** True when a state entry's process is still the one we started (same pid, same command line). */
function isOurs(entry) {
  if (!entry || !isAlive(entry.pid)) return false;
  const command = commandOf(entry.pid);
  // Without /proc (or for entries written before commands were recorded) the pid is all we have.
  return command === null || !entry.command || command === entry.command;
}

async function stopPid(pid, timeoutMs = 20000) {
  if (!isAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    process.kill(pid, 'SIGTERM');
  }
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (isAlive(pid)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      process.kill(pid, 'SIGKILL');
    }
  }
}

/** Peak resident memory of a live process in kB (VmHWM), or the current RSS. */
function memoryOf(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = /VmRSS:\s+(\d+)/.exec(status);
    const hwm = /VmHWM:\s+(\d+)/.exec(status);
    return { rssKb: rss ? Number(rss[1]) : null, peakKb: hwm ? Number(hwm[1]) : null };
  } catch {
    return { rssKb: null, peakKb: null };
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
}

/** Like `run`, without blocking: provisioning of the three servers proceeds side by side. */
function runAsync(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.once('error', (error) => reject(new Error(`${command} could not run: ${error.message}`)));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed with exit code ${code}`)),
    );
  });
}

function hasCommand(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into an aborted signal, so a command can stop what it started
 * before it exits; a second one exits at once. `release()` restores the default handling.
 */
function interruptSignal() {
  const controller = new AbortController();
  const onSignal = (name) => {
    if (controller.signal.aborted) process.exit(130);
    console.error(`${name}: stopping what was started…`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: controller.signal,
    release: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it answers truthy; fails early when `onFail()` says the process is gone or `signal` aborts. */
async function waitFor(what, probe, timeoutMs, onFail, signal) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error(`${what}: interrupted`);
    try {
      const result = await probe();
      if (result) return result;
    } catch (error) {
      lastError = error;
    }
    if (onFail && onFail()) {
      throw new Error(`${what} stopped before it was ready${lastError ? ` (last probe: ${lastError.message})` : ''}`);
    }
    await sleep(250);
  }
  throw new Error(`${what} was not ready in ${Math.round(timeoutMs / 1000)} s${lastError ? `: ${lastError.message}` : ''}`);
}

module.exports = {
  readState,
  writeState,
  recordServer,
  isAlive,
  isOurs,
  portInUse,
  startDetached,
  stopPid,
  memoryOf,
  run,
  runAsync,
  hasCommand,
  interruptSignal,
  sleep,
  waitFor,
};
