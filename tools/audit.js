#!/usr/bin/env node
'use strict';
// npm run audit -- <app>: runs an app's drift check (dist/apps/<app>/src/audit.js) against the local
// system (or the servers the environment points at). Exit 1 means drift was found.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const infra = require('./infra');
const { build, systemEnv } = require('./system');

const root = path.resolve(__dirname, '..');
const app = process.argv[2];
if (!app) {
  console.error('usage: npm run audit -- <app>   (e.g. quota)');
  process.exit(2);
}
const script = path.join(root, 'dist', 'apps', app, 'src', 'audit.js');
if (!fs.existsSync(script)) build();
if (!fs.existsSync(script)) {
  console.error(`${app} has no audit (expected apps/${app}/src/audit.ts)`);
  process.exit(2);
}
const env = { ...systemEnv({ infraEnv: infra.localEnv() }), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
const result = spawnSync(process.execPath, [script, ...process.argv.slice(3)], { cwd: root, stdio: 'inherit', env });
process.exit(result.status ?? 1);
