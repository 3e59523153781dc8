export { TARGETS, targetByName } from '../scenarios/targets/index.ts';
