export { listScenarios, LIBRARY_DIR } from './list-scenarios.ts';
export { loadScenario, parseScenario, scenarioName, SCENARIO_MAX_BYTES, REPRO_MARK, REPRO_MAX_BYTES } from './parse-scenario.ts';
export { InvalidScenarioError, ScenarioError } from './scenario-error.ts';
export { parseFault } from './parse-fault.ts';
export { InputFileError, readTextFile } from './read-text.ts';
