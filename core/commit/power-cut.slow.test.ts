// Every pair of cut points of the pairwise sweeps in test-power-cut-cases.ts (npm test takes every third).
import { powerCutCases } from './test-power-cut-cases.ts';

powerCutCases(1);
