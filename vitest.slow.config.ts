// The slow tests (`*.slow.test.ts`): the virtual Pico W over a real pty, the kit on the simulator,
// the library's sweeps as a test. `npm run test:slow`; .ci/run runs it after npm test, which stays
// under two minutes on two cores.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.ts';

export default defineConfig({
  test: {
    ...base.test,
    include: ['{core,sim,scenarios,cli,hil,test}/**/*.slow.test.ts'],
    exclude: ['**/node_modules/**'],
  },
});
