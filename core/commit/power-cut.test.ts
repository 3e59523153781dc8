// Power cut at every mutating flash call of commit, trial rollback and confirm, then recovery on the
// same directory (cases in test-power-cut-cases.ts). npm test takes every third first cut of the
// pairwise sweeps; power-cut.slow.test.ts takes every pair.
import { powerCutCases } from './test-power-cut-cases.ts';

powerCutCases(3);
