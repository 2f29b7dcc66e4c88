'use strict';
// Builds and runs the six apps as separate processes against the given infrastructure.
const fs = require('node:fs');
const path = require('node:path');
const crypto = require('node:crypto');
const { spawn } = require('node:child_process');
const { build } = require('./build');
const { repoRoot, stateRoot } = require('./infra/paths');
const { nodeFlags } = require('./node-flags');

const APPS = ['ingest', 'metrics', 'quota', 'archiver', 'notifier', 'gateway'];
const DEFAULT_PORTS = { gateway: 3000, ingest: 3001, metrics: 3002, quota: 3003, archiver: 3004, notifier: 3005 };

/**
 * The apps' ports: 3000-3005, or, with ONESCALE_APP_PORT, the gateway on that port and the other
 * apps on the next five (so a second system can run beside the first).
 */
function appPorts(base = process.env.ONESCALE_APP_PORT) {
  if (!base) return DEFAULT_PORTS;
  const gateway = Number(base);
  if (!Number.isInteger(gateway) || gateway < 1 || gateway > 65530)
    throw new Error(`ONESCALE_APP_PORT must be a port number (1-65530), not "${base}"`);
  return Object.fromEntries(APPS.map((app) => [app, gateway + DEFAULT_PORTS[app] - DEFAULT_PORTS.gateway]));
}

/** A secret kept under .onescale so restarts reuse it (the admin key stays valid). */
function persistentSecret(name, make) {
  const file = path.join(stateRoot, 'secrets', name);
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const value = make();
  fs.writeFileSync(file, value, { mode: 0o600 });
  return value;
}

function systemEnv({ infraEnv, ports = DEFAULT_PORTS, extra = {} }) {
  const adminKey =
    process.env.ONESCALE_ADMIN_KEY || persistentSecret('admin-key', () => `osk_admin_${crypto.randomBytes(24).toString('base64url')}`);
  const internalToken =
    process.env.INTERNAL_TOKEN || persistentSecret('internal-token', () => crypto.randomBytes(32).toString('base64url'));
  const url = (app) => `http://127.0.0.1:${ports[app]}`;
  return {
    ...process.env,
    ...infraEnv,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ONESCALE_ADMIN_KEY: adminKey,
    INTERNAL_TOKEN: internalToken,
    INGEST_URL: url('ingest'),
    METRICS_URL: url('metrics'),
    QUOTA_URL: url('quota'),
    ARCHIVER_URL: url('archiver'),
    NOTIFIER_URL: url('notifier'),
    ...extra,
  };
}

function startApp(app, env, port, logDir) {
  fs.mkdirSync(logDir, { recursive: true });
  const out = fs.openSync(path.join(logDir, `${app}.log`), 'a');
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', ...nodeFlags(app), path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js')],
    {
      cwd: repoRoot,
      env: { ...env, PORT: String(port) },
      stdio: ['ignore', out, out],
    },
  );
  fs.closeSync(out);
  return child;
}

async function waitReady(url, child, timeoutMs = 60000, signal) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (signal?.aborted) throw new Error('interrupted');
    if (child && child.exitCode !== null) throw new Error(`${url} exited with code ${child.exitCode} before it was ready`);
    try {
      const response = await fetch(`${url}/ready`);
      if (response.ok) return;
      last = await response.text();
    } catch (error) {
      last = error.message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} was not ready in ${timeoutMs / 1000} s: ${last}`);
}

/** Starts every app, waits until each is ready (or `signal` aborts), and returns handles to stop them. */
async function startSystem({ infraEnv, ports = DEFAULT_PORTS, logDir = path.join(stateRoot, 'logs'), extra = {}, signal }) {
  const unported = APPS.filter((app) => !Number.isInteger(ports[app]));
  if (unported.length > 0) throw new Error(`no port given for ${unported.join(', ')}`);
  const env = systemEnv({ infraEnv, ports, extra });
  const children = {};
  for (const app of APPS) children[app] = startApp(app, env, ports[app], logDir);
  try {
    await Promise.all(APPS.map((app) => waitReady(`http://127.0.0.1:${ports[app]}`, children[app], undefined, signal)));
  } catch (error) {
    await stopAll(children);
    throw new Error(`${error.message}\n(see the app logs in ${logDir})`);
  }
  return {
    env,
    children,
    urls: Object.fromEntries(APPS.map((app) => [app, `http://127.0.0.1:${ports[app]}`])),
    adminKey: env.ONESCALE_ADMIN_KEY,
    /** Starts `app` again (after it exited) with the same environment; `stop` stops the new process. */
    restart: (app) => (children[app] = startApp(app, env, ports[app], logDir)),
    stop: () => stopAll(children),
  };
}

async function stopAll(children) {
  await Promise.all(
    Object.values(children).map(
      (child) =>
        new Promise((resolve) => {
          if (child.exitCode !== null || child.signalCode) return resolve();
          child.once('exit', resolve);
          child.kill('SIGTERM');
          setTimeout(() => child.kill('SIGKILL'), 10000).unref();
        }),
    ),
  );
}

module.exports = { APPS, DEFAULT_PORTS, appPorts, build, systemEnv, startApp, startSystem, waitReady };
