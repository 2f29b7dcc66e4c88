// Three projects: pure unit tests, integration tests of one app's adapters against real
// infrastructure, and end-to-end tests of the whole system through the gateway.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
  },
];
const moduleNameMapper = {
  '^@onescale/ontology$': '<rootDir>/libs/ontology/src',
  '^@onescale/ontology/(.*)$': '<rootDir>/libs/ontology/src/$1',
  '^@onescale/api$': '<rootDir>/libs/api/src',
  '^@onescale/api/(.*)$': '<rootDir>/libs/api/src/$1',
  '^@onescale/platform$': '<rootDir>/libs/platform/src',
  '^@onescale/platform/(.*)$': '<rootDir>/libs/platform/src/$1',
};
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  rootDir: __dirname,
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/test/setup/global-setup.js',
      globalTeardown: '<rootDir>/test/setup/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.js'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/setup/e2e-global-setup.js',
      globalTeardown: '<rootDir>/test/setup/e2e-global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/setup/timeouts.js'],
    },
    {
      // Failure drills (`npm run drills`): they stop and restart servers of their own, so they run
      // alone, in band, after the other tests.
      ...common,
      displayName: 'drills',
      testMatch: ['<rootDir>/test/drills/**/*.drill-spec.ts'],
      globalSetup: '<rootDir>/test/drills/setup/global-setup.js',
      globalTeardown: '<rootDir>/test/drills/setup/global-teardown.js',
      setupFilesAfterEnv: ['<rootDir>/test/drills/setup/timeouts.js'],
    },
  ],
};
