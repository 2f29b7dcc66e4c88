#!/usr/bin/env node
'use strict';
// npm run bench -- <name…>: builds, brings the local infrastructure up, and runs the named
// benchmarks (all of them when none is named). Each prints a table and writes bench/results/<name>.json.
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const infra = require('./infra');
const { build } = require('./system');

const root = path.resolve(__dirname, '..');

async function main() {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const available = fs
    .readdirSync(path.join(root, 'bench'))
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const names = wanted.length > 0 ? wanted : available;
  const unknown = names.filter((n) => !available.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
    process.exit(2);
  }
  const { env, started } = await infra.up();
  build();
  fs.mkdirSync(path.join(root, 'bench', 'results'), { recursive: true });
  let failed = false;
  try {
    for (const name of names) {
      console.log(`\n== bench ${name}`);
      const result = spawnSync(
        process.execPath,
        ['--expose-gc', path.join(root, 'dist', 'bench', `${name}.bench.js`), ...process.argv.slice(2).filter((a) => a.startsWith('-'))],
        {
          cwd: root,
          stdio: 'inherit',
          env: { ...process.env, ...env },
        },
      );
      if (result.status !== 0) failed = true;
    }
  } finally {
    if (started.length > 0 && !process.env.ONESCALE_KEEP_INFRA) await infra.down({ only: started });
  }
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(`bench failed: ${error.message}`);
  process.exit(1);
});
