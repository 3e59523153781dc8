export { downloadToStage, type StageItem, type StageOptions, type StagedFile } from './download-to-stage.ts';
export { asStageError } from './flash-failure.ts';
