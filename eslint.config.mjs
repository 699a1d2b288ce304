// Lint config. Every rule here says why it exists; the layer rules are what keep the
// architecture honest (docs/design.md, "Layers"), since memory does not.
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'

const electronBan = {
  name: 'electron',
  message:
    'The engine and the contract never import Electron: they run in plain Node (CLI, serve mode, tests).',
}
const nodeBuiltinBan = {
  group: [
    'node:*',
    'fs',
    'path',
    'os',
    'child_process',
    'worker_threads',
    'http',
    'crypto',
    'stream',
  ],
  message: 'This layer runs without Node (pure contract or browser renderer): no Node built-ins.',
}

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'out/',
      'dist/',
      'release/',
      'test-results/',
      'playwright-report/',
      '.artifacts/',
      'test/fixtures/',
      'resources/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'bin/*.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // Unhandled promises lose errors silently in an engine full of async I/O.
      '@typescript-eslint/no-floating-promises': 'error',
      // `_`-prefixed names mark deliberately unused parameters (callbacks with fixed signatures).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Type-only imports are erased; marking them keeps bundles from pulling modules in for types.
      '@typescript-eslint/consistent-type-imports': 'error',
      // `==` hides type coercion bugs between ids, numbers and strings.
      eqeqeq: ['error', 'always'],
      // Contract methods are async by interface (they may cross a process boundary), even where
      // one implementation answers synchronously; forcing an `await` in each would be noise.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Scripts and config files are plain JS run by Node; type-aware rules do not apply.
    files: ['**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  {
    // .cjs files are CommonJS on purpose (the package's bin, stubs loaded with `node -r`).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The source tree logs through named loggers (src/main/core/log.ts), never bare console:
    // stdout belongs to the CLI's output, and every line must say which module wrote it.
    files: ['src/**/*.{ts,tsx}'],
    rules: { 'no-console': 'error' },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [electronBan], patterns: [nodeBuiltinBan] }],
    },
  },
  {
    files: ['src/main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            {
              group: ['**/electron/**', '**/serve/**', '**/cli/**', '**/renderer/**'],
              message: 'The engine does not know its front ends.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [electronBan],
          patterns: [
            nodeBuiltinBan,
            {
              group: ['**/main/**', '**/preload/**'],
              message: 'The renderer talks only to the contract client.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', '**/renderer/**'],
              message: 'The preload exposes the contract, nothing else.',
            },
          ],
        },
      ],
    },
  },
)
