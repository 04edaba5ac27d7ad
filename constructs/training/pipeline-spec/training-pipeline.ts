import { KFP_PLACEHOLDERS, STEP_IMAGE } from '../../../src/catalog/kfp';
import { InputError } from '../../../src/core/errors';
import {
  Arg,
  ContainerResources,
  constant,
  ParameterType,
  PipelineSpec,
  PipelineSpecBuilder,
  RetryPolicy,
} from './builder';
import { pipelineSpecProblems } from './check';

/**
 * The training run's pipeline spec (training contract, /work/training-contract.md): three container
 * tasks, preprocess -> train -> publish, each `python3 -c <program> --flag=value ...` with the step
 * program embedded at synth. The run id is the pipeline job's UUID (`{{$.pipeline_job_uuid}}`).
 */

/** The line each step file begins with; embedding removes it (common.py is prepended instead). */
export const COMMON_IMPORT_LINE = 'from common import *  # embedded: common.py is prepended at synth';

/** The contract's embedding rule: common.py, then the step file with its import line removed. */
export function embeddedProgram(common: string, step: string): string {
  const lines = step.split('\n');
  const matches = lines.flatMap((l, i) => (l.replace(/\r$/, '') === COMMON_IMPORT_LINE ? [i] : []));
  if (matches.length !== 1) {
    throw new Error(
      `step program: has the line "${COMMON_IMPORT_LINE}" ${matches.length} times; allowed: exactly once (the step's first line, training contract)`,
    );
  }
  lines.splice(matches[0], 1);
  const separator = common === '' || common.endsWith('\n') ? '' : '\n';
  return `${common}${separator}${lines.join('\n')}`;
}

/** The embedded program of each step (see embeddedProgram). */
export interface StepPrograms {
  readonly preprocess: string;
  readonly train: string;
  readonly publish: string;
}

export interface TrainingPipelineOptions {
  readonly programs: StepPrograms;
  /**
   * `pipelineInfo.name`.
   * @default `training-pipeline` (the environments' templatePackage)
   */
  readonly name?: string;
  /**
   * @default the catalog's STEP_IMAGE
   */
  readonly image?: string;
  /**
   * Every step's limits.
   * @default 1 CPU, 2G: the steps only call APIs and poll
   */
  readonly resources?: ContainerResources;
  /**
   * Defaults of the run's tunable inputs.
   * @default 3 restarts, 86400 s
   */
  readonly maxRestarts?: number;
  readonly runTimeoutSeconds?: number;
  /**
   * Task retries, off by default. Not offered for train: a retried train task would create the
   * attempt-1 queued resource again; the step restarts preempted attempts itself (max_restarts).
   */
  readonly retry?: { readonly preprocess?: RetryPolicy; readonly publish?: RetryPolicy };
}

interface RootInput {
  readonly type: ParameterType;
  /** Required inputs have no default. */
  readonly default?: string | number;
  readonly description: string;
}

const UNUSED = 'Sent by the launcher; not used by this pipeline';

/** The pipeline's inputs: what a launcher passes as `runtimeConfig.parameterValues`. */
export function trainingPipelineInputs(defaults: {
  maxRestarts: number;
  runTimeoutSeconds: number;
}): Readonly<Record<string, RootInput>> {
  return {
    project: { type: 'STRING', description: 'Project id' },
    location: { type: 'STRING', description: 'Region of the Dataproc batch' },
    zone: { type: 'STRING', description: 'Zone of the TPU queued resource' },
    dataproc_batch_request: {
      type: 'STRING',
      description: 'JSON: the batches.create body the Dataproc schedule sends',
    },
    tpu_request_template: {
      type: 'STRING',
      description: 'JSON: a QueuedResource body with __RUN_ID__ and __DATA_DIR__',
    },
    results_uri: { type: 'STRING', description: 'gs://<bucket>/runs' },
    models_uri: { type: 'STRING', description: 'gs://<bucket>/models' },
    checkpoints_uri: { type: 'STRING', description: 'gs://<bucket>/checkpoints' },
    max_restarts: { type: 'NUMBER_INTEGER', default: defaults.maxRestarts, description: 'Restarts after preemption' },
    run_timeout_seconds: {
      type: 'NUMBER_INTEGER',
      default: defaults.runTimeoutSeconds,
      description: 'Limit of one training run',
    },
    // Parameters the launcher sends today (stacks/vertex-pipeline.ts, stacks/pipeline.ts, the construct's
    // tensorboard): declared so a run carrying them stays valid, optional so a launcher may drop them.
    ...Object.fromEntries(
      [
        'tpu_accelerator_type',
        'raw_data_uri',
        'processed_data_uri',
        'scripts_uri',
        'tpu_service_account',
        'dataproc_service_account',
        'tensorboard',
        'dataproc_subnetwork_uri',
        'dataproc_main_python_file_uri',
        'dataproc_runtime_version',
      ].map((n) => [n, { type: 'STRING', default: '', description: UNUSED }]),
    ),
  };
}

/** The parameter names the launcher sends today (every one is a STRING input of this pipeline). */
export const LAUNCHER_PARAMETERS_TODAY = [
  'project',
  'location',
  'tpu_accelerator_type',
  'raw_data_uri',
  'processed_data_uri',
  'checkpoints_uri',
  'models_uri',
  'scripts_uri',
  'tpu_service_account',
  'dataproc_service_account',
  'tensorboard',
  'dataproc_subnetwork_uri',
  'dataproc_main_python_file_uri',
  'dataproc_runtime_version',
  'dataproc_batch_request',
] as const;

const DEFAULT_RESOURCES: ContainerResources = { cpuLimit: '1', memoryLimit: '2G' };

/** Builds the training pipeline's spec and holds it to pipelineSpecProblems (throws InputError on any). */
export function trainingPipelineSpec(options: TrainingPipelineOptions): PipelineSpec {
  for (const step of ['preprocess', 'train', 'publish'] as const) {
    if (typeof options.programs?.[step] !== 'string' || !options.programs[step].trim())
      throw new InputError([`programs.${step}: empty; allowed: the embedded step program`]);
  }
  const image = options.image ?? STEP_IMAGE.image;
  const resources = options.resources ?? DEFAULT_RESOURCES;
  const b = new PipelineSpecBuilder({
    name: options.name ?? 'training-pipeline',
    description: 'Preprocess (Dataproc), train (TPU queued resource), publish the run record',
  });

  const declared = trainingPipelineInputs({
    maxRestarts: options.maxRestarts ?? 3,
    runTimeoutSeconds: options.runTimeoutSeconds ?? 86400,
  });
  const input: Record<string, Arg> = {};
  for (const [name, d] of Object.entries(declared))
    input[name] = b.input(name, d.type, { default: d.default, description: d.description });
  const str = (name: string) => input[name] as Arg<'STRING'>;
  const int = (name: string) => input[name] as Arg<'NUMBER_INTEGER'>;
  const runId = constant('STRING', KFP_PLACEHOLDERS.pipelineJobUuid);
  const python = (program: string) => [STEP_IMAGE.python, '-c', program];

  const preprocess = b.component('preprocess', {
    inputs: {
      project: { type: 'STRING' },
      region: { type: 'STRING' },
      batch_request: { type: 'STRING' },
      run_id: { type: 'STRING' },
    },
    outputs: { processed_uri: 'STRING' },
    container: (p) => ({
      image,
      command: python(options.programs.preprocess),
      args: [
        `--project=${p.input('project')}`,
        `--region=${p.input('region')}`,
        `--batch-request=${p.input('batch_request')}`,
        `--run-id=${p.input('run_id')}`,
        `--output-processed-uri-file=${p.outputFile('processed_uri')}`,
      ],
      resources,
    }),
  });

  const train = b.component('train', {
    inputs: {
      project: { type: 'STRING' },
      zone: { type: 'STRING' },
      request_template: { type: 'STRING' },
      run_id: { type: 'STRING' },
      data_dir: { type: 'STRING' },
      results_uri: { type: 'STRING' },
      max_restarts: { type: 'NUMBER_INTEGER' },
      run_timeout_seconds: { type: 'NUMBER_INTEGER' },
    },
    outputs: { result: 'STRING', request: 'STRING', wait_seconds: 'NUMBER_DOUBLE', attempts: 'NUMBER_INTEGER' },
    container: (p) => ({
      image,
      command: python(options.programs.train),
      args: [
        `--project=${p.input('project')}`,
        `--zone=${p.input('zone')}`,
        `--request-template=${p.input('request_template')}`,
        `--run-id=${p.input('run_id')}`,
        `--data-dir=${p.input('data_dir')}`,
        `--results-uri=${p.input('results_uri')}`,
        `--max-restarts=${p.input('max_restarts')}`,
        `--run-timeout-seconds=${p.input('run_timeout_seconds')}`,
        `--output-result-file=${p.outputFile('result')}`,
        `--output-request-file=${p.outputFile('request')}`,
        `--output-wait-seconds-file=${p.outputFile('wait_seconds')}`,
        `--output-attempts-file=${p.outputFile('attempts')}`,
      ],
      resources,
    }),
  });

  const publish = b.component('publish', {
    inputs: {
      run_id: { type: 'STRING' },
      models_uri: { type: 'STRING' },
      checkpoints_uri: { type: 'STRING' },
      result: { type: 'STRING' },
      request: { type: 'STRING' },
      wait_seconds: { type: 'NUMBER_DOUBLE' },
      attempts: { type: 'NUMBER_INTEGER' },
      processed_uri: { type: 'STRING' },
    },
    outputs: { summary: 'STRING' },
    container: (p) => ({
      image,
      command: python(options.programs.publish),
      args: [
        `--run-id=${p.input('run_id')}`,
        `--models-uri=${p.input('models_uri')}`,
        `--checkpoints-uri=${p.input('checkpoints_uri')}`,
        `--result=${p.input('result')}`,
        `--request=${p.input('request')}`,
        `--wait-seconds=${p.input('wait_seconds')}`,
        `--attempts=${p.input('attempts')}`,
        `--processed-uri=${p.input('processed_uri')}`,
        `--output-summary-file=${p.outputFile('summary')}`,
      ],
      resources,
    }),
  });

  const pre = b.task('preprocess', preprocess, {
    inputs: {
      project: str('project'),
      region: str('location'),
      batch_request: str('dataproc_batch_request'),
      run_id: runId,
    },
    retry: options.retry?.preprocess,
  });
  const tr = b.task('train', train, {
    inputs: {
      project: str('project'),
      zone: str('zone'),
      request_template: str('tpu_request_template'),
      run_id: runId,
      data_dir: pre.output('processed_uri'),
      results_uri: str('results_uri'),
      max_restarts: int('max_restarts'),
      run_timeout_seconds: int('run_timeout_seconds'),
    },
  });
  b.task('publish', publish, {
    inputs: {
      run_id: runId,
      models_uri: str('models_uri'),
      checkpoints_uri: str('checkpoints_uri'),
      result: tr.output('result'),
      request: tr.output('request'),
      wait_seconds: tr.output('wait_seconds'),
      attempts: tr.output('attempts'),
      processed_uri: pre.output('processed_uri'),
    },
    retry: options.retry?.publish,
  });

  const spec = b.build();
  const problems = pipelineSpecProblems(spec);
  if (problems.length) throw new InputError(problems);
  return spec;
}
