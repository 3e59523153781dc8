export { configFile, DEFAULT_CONFIG_FILE } from './config-file.ts';
export { deviceRules, findDeviceRepo, labelRepo, type DeviceRules } from './device-repo.ts';
export { expectedStates, type ExpectedStates } from './expected-states.ts';
export { isManaged, isUpdaterState, managedFiles, userVisible, UPDATER_STATE_FILES } from './managed.ts';
export { expandPlaceholders } from './placeholders.ts';
export { provision, type ShaOf } from './provision.ts';
export { latestReleaseTag, repoBranches, repoTags, targetLabel } from './target-label.ts';
export { versionJsonText } from './version-json.ts';
