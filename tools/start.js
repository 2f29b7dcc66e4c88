#!/usr/bin/env node
'use strict';
// npm start: local infrastructure (unless configured), a build, the six apps, and where to find them.
// A start that fails or is interrupted stops what it started; once running, Ctrl-C stops the apps and
// the servers stay up for the next start.
require('./ensure-deps').ensureDeps();
const infra = require('./infra');
const { interruptSignal } = require('./infra/process');
const { appPorts, build, startSystem } = require('./system');

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const ports = appPorts();
  const interrupt = interruptSignal();
  const { env: infraEnv, started } = await infra.up({ signal: interrupt.signal });
  let system;
  try {
    const t0 = Date.now();
    console.log('building what changed…');
    const rebuilt = build();
    console.log(rebuilt.length > 0 ? `built ${rebuilt.join(' and ')} in ${((Date.now() - t0) / 1000).toFixed(1)} s` : 'build up to date');
    if (interrupt.signal.aborted) throw new Error('interrupted');
    system = await startSystem({ infraEnv, ports, signal: interrupt.signal });
  } catch (error) {
    if (started.length > 0) await infra.down({ only: started });
    throw error;
  }
  interrupt.release();
  console.log(`
onescale is running.
  gateway    ${system.urls.gateway}/v1
  dashboard  ${system.urls.gateway}/
  API docs   ${system.urls.gateway}/docs
  admin key  ${system.adminKey}
  logs       .onescale/logs/<app>.log

Ctrl-C stops the apps; \`npm run infra -- down\` stops the local servers.`);
  let stopping = false;
  const shutdown = async () => {
    stopping = true;
    console.log('stopping the apps…');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  // A supervisor, as Kubernetes is in production: an app that exits (a consumer that could not be
  // restarted exits on purpose) is started again, after 1 s doubling to 30 s while it keeps failing.
  const supervise = (app, child, delayMs) => {
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      if (stopping) return;
      const delay = Date.now() - startedAt > 60_000 ? 1000 : delayMs;
      console.error(`${app} exited (${signal ?? code}); starting it again in ${delay / 1000} s (see .onescale/logs/${app}.log)`);
      setTimeout(() => stopping || supervise(app, system.restart(app), Math.min(delay * 2, 30_000)), delay);
    });
  };
  for (const [app, child] of Object.entries(system.children)) supervise(app, child, 1000);
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
