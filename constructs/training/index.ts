/** The training concern: generated training runs (pipeline spec, TPU request, launcher script, runner rights). */
export { stepPrograms, STEP_PROGRAMS_DIR, TrainingRuns } from './training-runs';
export type { TrainingRunsProps } from './props';
export { queuedResourceProblems, queuedResourceRequest, requestMetadata } from './queued-resource';
export type { QueuedResourceBody, QueuedResourceRequestOptions } from './queued-resource';
export {
  RUN_ID_PLACEHOLDER,
  DATA_DIR_PLACEHOLDER,
  TRAINING_METADATA_KEYS,
  trainingLauncherScript,
} from './launcher-script';
export { DEFAULT_TRAINING_SETUP, defaultTrainingCommand } from './default-command';
export { embeddedProgram, trainingPipelineSpec } from './pipeline-spec/training-pipeline';
export type { StepPrograms } from './pipeline-spec/training-pipeline';
export { parameterValuesProblems, pipelineSpecProblems } from './pipeline-spec/check';
export type { PipelineSpec } from './pipeline-spec/builder';
