#!/usr/bin/env node
'use strict';
// The `onescale` command: a thin launcher for the CLI compiled by `npm run build` into dist/.
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const main = path.join(root, 'dist', 'tools', 'cli', 'src', 'main.js');
if (!fs.existsSync(main)) {
  console.error(`onescale: the CLI is not built yet; run \`npm run build\` in ${root}`);
  process.exit(1);
}
require(main)
  .run(process.argv, { root })
  .then((code) => {
    process.exitCode = code;
  });
