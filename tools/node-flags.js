'use strict';
// Node (V8) flags per app, for every way this repository starts one (npm start, the tests, the
// benchmarks); deploy/k8s and docker-compose.yml pass the same through NODE_OPTIONS
// (tools/compose.spec.ts and tools/deploy/manifests.spec.ts check it).
//
// Ingest: a 64 MB young generation (V8's default semi-space tops out at 16 MB). A 10,000-item batch
// allocates its body, rows, events and records within a second; with the default, most of that is
// copied out of the young generation before it dies. `npm run bench -- ingest`, four runs each way,
// in turn: a 10,000-thing batch at 0.64–0.72 of a raw insertMany of its rows with the default,
// 0.70–0.81 with this flag.
const NODE_FLAGS = {
  ingest: ['--max-semi-space-size=64'],
};

/** The flags to start `app` with (none for an app not named above). */
const nodeFlags = (app) => NODE_FLAGS[app] ?? [];

module.exports = { NODE_FLAGS, nodeFlags };
