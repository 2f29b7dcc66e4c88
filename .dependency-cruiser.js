/** Test code inside apps and libs: specs, and the harnesses under `testing/` they share. */
const TEST_CODE = '(\\.(spec|int-spec|e2e-spec|drill-spec)\\.ts$|/testing/)';

/** Boundaries of the monorepo (apps, libs, tools, bench, test), checked in `npm test`. */
module.exports = {
  forbidden: [
    {
      name: 'ontology-is-pure',
      comment: 'libs/ontology is the pure domain: no framework, database, broker, object store or Node I/O.',
      severity: 'error',
      from: { path: '^libs/ontology' },
      to: {
        path: '(^libs/platform|^apps/|node_modules/(@nestjs|mongoose|mongodb|kafkajs|@aws-sdk|class-validator|class-transformer|express|pino))',
      },
    },
    {
      name: 'ontology-no-node-io',
      severity: 'error',
      from: { path: '^libs/ontology' },
      to: { dependencyTypes: ['core'], path: '^(fs|net|http|https|child_process|crypto|os|dgram|cluster|worker_threads)$' },
    },
    {
      name: 'apps-do-not-import-apps',
      comment: 'An app never imports another app; shared code lives in libs.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-through-their-index',
      comment: 'Apps, tools, benchmarks and tests import a lib only through its index (@onescale/<lib>).',
      severity: 'error',
      from: { path: '^(apps|tools|bench|test)/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
    },
    {
      name: 'code-does-not-import-tests-tools-or-bench',
      comment: 'What ships (apps, libs) never depends on tests, tools or benchmarks; only its own test code may use test/support.',
      severity: 'error',
      from: { path: '^(apps|libs)/', pathNot: TEST_CODE },
      to: { path: `(^(test|tools|bench)/|${TEST_CODE})` },
    },
    {
      name: 'tests-and-tools-use-the-public-surface-of-apps',
      comment: "An app's public surface for tests and tools: its settings (<app>.config.ts) and its testing/ harnesses.",
      severity: 'error',
      from: { path: '^(test|tools)/' },
      to: { path: '^apps/', pathNot: '^apps/[^/]+/src/([^/]+\\.config\\.ts|testing/.+)$' },
    },
    {
      name: 'bench-measures-app-code-not-tests',
      comment: 'A benchmark may measure any module of an app (in process), but not lean on test code, tests or tools.',
      severity: 'error',
      from: { path: '^bench/' },
      to: { path: `(^(test|tools)/|^apps/.*${TEST_CODE})` },
    },
    {
      name: 'tools-do-not-import-tests-or-bench',
      comment: 'Tools (infra, start, CLI, fuzz, drills runner) stand alone; tests and benchmarks use tools, not the other way round.',
      severity: 'error',
      from: { path: '^tools/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
