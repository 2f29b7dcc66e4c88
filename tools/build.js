#!/usr/bin/env node
'use strict';
// npm run build: the apps and the CLI (tsc, then tsc-alias for the @onescale/* paths) and the
// dashboard bundle. Each part is redone only when its inputs changed: a hash of its sources and
// configuration is kept beside the output, and tsc builds incrementally when it does run, so an
// unchanged checkout builds in about a second instead of a minute or two.
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const stampDir = path.join(dist, '.stamps');
const bin = (tool) => path.join(root, 'node_modules', '.bin', tool);

const PARTS = [
  {
    name: 'apps',
    // what tsconfig.build.json compiles, its configuration, and the dependencies' types
    inputs: ['apps', 'libs', 'bench', 'tools/cli', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'],
    skip: ['apps/dashboard'],
    outputs: ['gateway', 'ingest', 'metrics', 'quota', 'archiver', 'notifier'].map((app) => `dist/apps/${app}/src/main.js`),
    steps: [
      // tsc keeps dist/tsconfig.build.tsbuildinfo and re-emits only what a change affects
      [bin('tsc'), ['-p', 'tsconfig.build.json', '--incremental']],
      [bin('tsc-alias'), ['-p', 'tsconfig.build.json']],
    ],
  },
  {
    name: 'dashboard',
    inputs: ['apps/dashboard', 'libs/client/src', 'package-lock.json'],
    skip: [],
    outputs: ['dist/dashboard/index.html'],
    steps: [['npm', ['run', '--silent', 'build:dashboard']]],
  },
];

function filesUnder(relative, skip) {
  if (skip.includes(relative)) return [];
  const full = path.join(root, relative);
  if (!fs.statSync(full).isDirectory()) return [relative];
  return fs
    .readdirSync(full)
    .sort()
    .flatMap((entry) => filesUnder(path.posix.join(relative, entry), skip));
}

/** A hash of every input file's path and content: a change, an added or a removed file alters it. */
function inputsHash(part) {
  const hash = crypto.createHash('sha256');
  for (const file of part.inputs.flatMap((input) => filesUnder(input, part.skip))) {
    hash.update(`${file}\0`);
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function read(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function buildPart(part) {
  const stamp = path.join(stampDir, `${part.name}.sha256`);
  const hash = inputsHash(part);
  const outputsPresent = part.outputs.every((file) => fs.existsSync(path.join(root, file)));
  if (outputsPresent && read(stamp) === hash) return false;
  // Outputs deleted behind tsc's back would not be re-emitted by an incremental build.
  if (!outputsPresent) fs.rmSync(path.join(dist, 'tsconfig.build.tsbuildinfo'), { force: true });
  fs.rmSync(stamp, { force: true });
  for (const [command, args] of part.steps) {
    const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`the build of the ${part.name} failed (${path.basename(command)} ${args.join(' ')})`);
  }
  fs.mkdirSync(stampDir, { recursive: true });
  fs.writeFileSync(stamp, hash);
  return true;
}

/** Builds what changed; answers the names of the parts it rebuilt. */
function build() {
  return PARTS.filter(buildPart).map((part) => part.name);
}

if (require.main === module) {
  try {
    const rebuilt = build();
    console.log(rebuilt.length > 0 ? `built: ${rebuilt.join(', ')}` : 'build up to date');
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

module.exports = { build };
