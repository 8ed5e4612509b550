// Lint rules that encode the architecture: drivers only in store/db, configuration only in server/config.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import prettier from 'eslint-config-prettier';

const driverBan = {
  paths: [
    { name: 'pg', message: 'Database drivers are imported only in packages/store/src/db.' },
    { name: '@electric-sql/pglite', message: 'Database drivers are imported only in packages/store/src/db.' },
  ],
  patterns: [
    {
      group: ['@electric-sql/pglite/*'],
      message: 'Database drivers are imported only in packages/store/src/db.',
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'test-artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': ['error', driverBan],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['packages/store/src/db/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // Configuration is read once, in one place (STYLE.md): everything else receives a typed config object.
    files: ['packages/*/src/**/*.ts', 'packages/*/src/**/*.tsx'],
    ignores: ['packages/server/src/config/**', 'packages/cli/src/**', 'packages/store/src/db/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        {
          object: 'process',
          property: 'env',
          message: 'Read configuration in packages/server/src/config only.',
        },
      ],
    },
  },
  {
    files: ['packages/app/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
