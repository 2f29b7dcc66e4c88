#!/usr/bin/env node
'use strict';
// npm run infra -- up|down|status [--json]
const infra = require('./index');
const { interruptSignal } = require('./process');

async function main() {
  const [command = 'status', ...rest] = process.argv.slice(2);
  const json = rest.includes('--json');
  if (command === 'up') {
    const t0 = Date.now();
    const { env } = await infra.up({ signal: interruptSignal().signal });
    console.log(`infrastructure ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    for (const [key, value] of Object.entries(env)) if (!/SECRET|PASSWORD/.test(key)) console.log(`  ${key}=${value}`);
  } else if (command === 'down') {
    await infra.down();
  } else if (command === 'status') {
    const rows = await infra.status();
    if (json) return console.log(JSON.stringify(rows, null, 2));
    for (const r of rows) {
      if (r.state === 'external') console.log(`${r.name.padEnd(9)} external  ${r.endpoint}`);
      else {
        const mem = r.memory?.rssKb ? `  rss ${Math.round(r.memory.rssKb / 1024)} MB (peak ${Math.round(r.memory.peakKb / 1024)} MB)` : '';
        const where = r.heldBy ? `  held by ${r.heldBy}, not a server of this checkout` : r.pid ? `  pid ${r.pid}` : '';
        console.log(`${r.name.padEnd(9)} ${r.state.padEnd(8)}  ${r.label} ${r.version}  127.0.0.1:${r.port}${where}${mem}`);
      }
    }
    if (rows.some((r) => r.state !== 'ready' && r.state !== 'external')) process.exitCode = 3;
  } else {
    console.error('usage: npm run infra -- up|down|status [--json]');
    process.exitCode = 2;
  }
}

main().catch((error) => {
  console.error(`onescale infra: ${error.message}`);
  process.exitCode = 1;
});
