// Lint rules for the whole tree. TypeScript is linted with type information (each file against
// the nearest tsconfig.json); formatting is Prettier's alone (eslint-config-prettier comes last).
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// k8s-manifests.ts is the helper module of manifests.spec.ts: it walks untyped YAML as the spec does.
const TESTS = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.drill-spec.ts',
  '**/testing/**',
  'test/**',
  'tools/deploy/k8s-manifests.ts',
];

/** `x as unknown as T` and `x as never` silence the type checker instead of convincing it. */
const UNSAFE_CASTS = [
  {
    selector: 'TSAsExpression[expression.type="TSAsExpression"][expression.typeAnnotation.type="TSUnknownKeyword"]',
    message: 'No `as unknown as`: decode or narrow the value (a type guard, the contract decoder) instead.',
  },
  {
    selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation, TSAsExpression > TSArrayType.typeAnnotation > TSNeverKeyword',
    message: 'No `as never`: type the value (or the collection it goes to) so that it fits.',
  },
];

/** One form of constructor injection: a token is injected through its own decorator, declared beside it. */
const INJECTION_FORM = [
  {
    selector: 'Decorator > CallExpression[callee.name="Inject"]',
    message: 'Inject a token through its decorator (@InjectMongo(), @InjectClock(), …) declared next to the token; a class needs none.',
  },
];

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', '.onescale/', 'bench/results/', 'node_modules/'] },
  js.configs.recommended,
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['**/*.js'],
    languageOptions: { sourceType: 'commonjs' },
  },
  {
    files: ['test/setup/**/*.js', 'test/drills/setup/**/*.js'],
    languageOptions: { globals: { ...globals.jest } },
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', ...UNSAFE_CASTS, ...INJECTION_FORM],
    },
  },
  {
    // Scripts and tests around tools/ load its CommonJS modules (no type declarations) with a typed
    // require() at the call site.
    files: ['tools/**/*.ts', 'bench/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests build hostile and partial inputs on purpose.
    files: TESTS,
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  prettier,
);
