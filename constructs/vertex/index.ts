/** The Vertex AI concern: runner identity, KFP repository, Tensorboard, metadata store and the run launcher. */
export { VertexAi } from './vertex-ai';
export { TENSORBOARD_PARAMETER } from './props';
export type { LauncherOptions, VertexAiProps } from './props';
export { pipelineJobBody, runCommand, uploadCommand } from './job-body';
export type { PipelineJobRequest } from './job-body';
export { checkKfp, checkParameterNames, checkRunLabels, validateVertexAiProps } from './validate';
