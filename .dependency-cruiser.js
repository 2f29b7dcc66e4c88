/** Boundaries of the monorepo, checked in `npm test`. */
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
      comment: 'Apps import a lib only through its index (@onescale/<lib>).',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^libs/[^/]+/src/.+', pathNot: '^libs/[^/]+/src/index\\.ts$' },
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
