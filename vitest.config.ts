import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{core,sim,scenarios,cli,hil,test}/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    pool: 'forks',
    // Vitest leaves one core free by default: on CI's 2 cores that is one worker. Use both.
    maxWorkers: 2,
    testTimeout: 30_000,
    reporters: ['default'],
  },
});
