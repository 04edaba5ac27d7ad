/** The preprocessing concern: the Spark job, its Dataproc Serverless batch in four forms, and its schedule. */
export { PREPROCESS_SCRIPT, PreprocessingJob } from './preprocessing-job';
export { DataprocBatchTemplate, PAUSED_PLACEHOLDER_SCHEDULE } from './batch-template';
export { DEFAULT_SPARK_PROPERTIES, isoDay, ttlDuration } from './batch-definition';
export type { PysparkBatchDefinition } from './batch-definition';
export { INPUT_FORMATS } from './props';
export type { DataprocBatchTemplateProps, InputFormat, PreprocessingJobProps } from './props';
export {
  batchWorkload,
  gcloudCommand,
  gcloudLabelsFlag,
  gcloudList,
  hashedBatchId,
  restBody,
  shellWord,
} from './render';
export type { BatchWorkload, GcloudOptions } from './render';
export { checkBatchDefinition, checkTemplateSettings, validatePreprocessingJob } from './validate';
export type { TemplateSettings } from './validate';
