#!/usr/bin/env node
'use strict';
// npm start: local infrastructure (unless configured), a build, the five apps, and where to find them.
require('./ensure-deps').ensureDeps();
const infra = require('./infra');
const { build, startSystem } = require('./system');

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const { env: infraEnv } = await infra.up();
  console.log('building…');
  build();
  const system = await startSystem({ infraEnv });
  console.log(`
onescale is running.
  gateway    ${system.urls.gateway}/v1
  dashboard  ${system.urls.gateway}/
  API docs   ${system.urls.gateway}/docs
  admin key  ${system.adminKey}
  logs       .onescale/logs/<app>.log

Ctrl-C stops the apps; \`npm run infra -- down\` stops the local servers.`);
  const shutdown = async () => {
    console.log('stopping the apps…');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  for (const [app, child] of Object.entries(system.children)) {
    child.on('exit', (code, signal) => console.error(`${app} exited (${signal ?? code}); see .onescale/logs/${app}.log`));
  }
}

main().catch((error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
