import { defineConfig } from 'vitest/config';

// One test command for every package. Integration tests (*.int.test.ts) run against PGlite by default and
// against a real PostgreSQL server when AKSON_TEST_DATABASE_URL is set (see README).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'bench/src/**/*.test.ts'],
    globalSetup: ['packages/store/test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
