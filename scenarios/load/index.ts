export { listScenarios, LIBRARY_DIR } from './list-scenarios.ts';
export { loadScenario, parseScenario, scenarioName } from './parse-scenario.ts';
export { InvalidScenarioError, ScenarioError } from './scenario-error.ts';
