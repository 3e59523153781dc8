export { TARGETS, targetFromSpec } from '../scenarios/targets/index.ts';
