import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,sim,scenarios,cli,hil,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
