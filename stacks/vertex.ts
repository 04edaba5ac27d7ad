import { PIPELINE_STEP_ROLES } from '../src/catalog';
import { DATA_LAKE_PREFIXES, IDataLake, IServiceAccount } from '../constructs/contracts';
import { parameterValuesProblems, TrainingRuns } from '../constructs/training';
import { VertexAi } from '../constructs/vertex';
import { InputError } from '../src/core/errors';
import type { StackContext } from './context';

export interface VertexAiDeps {
  readonly dataLake: IDataLake;
  /** The launcher identity Cloud Scheduler sends requests as (shared with the Dataproc launcher). */
  readonly scheduler: IServiceAccount;
  /** The identity TPU training steps run as. */
  readonly tpuTrainer: IServiceAccount;
  /** The identity Dataproc batches run as. */
  readonly dataprocWorker: IServiceAccount;
  /** More run parameters, e.g. the Dataproc batch template's values. Default: none. */
  readonly extraParameterValues?: Readonly<Record<string, string>>;
  /** Training runs: their generated spec is what the launcher sends (unless `training.template` names a compiled one). */
  readonly training?: TrainingRuns;
}

/**
 * The parameters every run of an environment receives (besides `tensorboard`, which the construct adds).
 * A team's pipeline declares each of them as a `str` input: see README, "Vertex AI pipelines".
 */
export function standardPipelineParameters(stack: StackContext, deps: VertexAiDeps): Record<string, string> {
  return {
    project: stack.inputs.projectId,
    location: stack.inputs.region,
    tpu_accelerator_type: stack.inputs.tpuAcceleratorType,
    raw_data_uri: deps.dataLake.gsUri(DATA_LAKE_PREFIXES.raw),
    processed_data_uri: deps.dataLake.gsUri(DATA_LAKE_PREFIXES.processed),
    checkpoints_uri: deps.dataLake.gsUri(DATA_LAKE_PREFIXES.checkpoints),
    models_uri: deps.dataLake.gsUri(DATA_LAKE_PREFIXES.models),
    scripts_uri: deps.dataLake.gsUri(DATA_LAKE_PREFIXES.scripts),
    tpu_service_account: deps.tpuTrainer.email,
    dataproc_service_account: deps.dataprocWorker.email,
  };
}

/**
 * Adds the Vertex AI pipeline to an environment stack when the environment enables it
 * (`ENABLE_VERTEX_AI`), toggled in Terraform by `var.enable_vertex_ai`, with its outputs.
 * Returns undefined (and adds nothing) when Vertex AI is off.
 */
export function addVertexAi(stack: StackContext, deps: VertexAiDeps): VertexAi | undefined {
  if (!stack.env.enableVertexAi) return undefined;
  const training = stack.env.training;
  const inline = training.template ? undefined : deps.training?.pipelineSpec;
  const parameterValues = {
    ...standardPipelineParameters(stack, deps),
    ...(deps.extraParameterValues ?? {}),
    ...(deps.training?.parameterValues ?? {}),
  };
  const pipeline = new VertexAi(stack, 'vertex-pipeline', {
    enabled: stack.inputs.enableVertexAi,
    projectId: stack.inputs.projectId,
    region: stack.inputs.region,
    namePrefix: stack.env.namePrefix,
    betaProvider: stack.googleBeta,
    dataLake: deps.dataLake,
    launcher: deps.scheduler,
    stepAccounts: { 'tpu-trainer': deps.tpuTrainer, 'dataproc-worker': deps.dataprocWorker },
    runnerProjectRoles: [PIPELINE_STEP_ROLES.dataprocBatchSubmitter],
    schedule: training.schedule,
    timeZone: training.timeZone,
    pipelineSpec: inline,
    templatePackage: training.template?.package,
    templateTag: training.template?.tag,
    parameterValues,
    runLabels: { ...stack.env.labels, environment: stack.env.name },
  });
  if (deps.training) {
    pipeline.launchersWaitFor(...deps.training.grantRunner(pipeline.runner));
    pipeline.addLauncher('janitor-launcher', {
      bodyId: 'janitor-job-body',
      bodyLogicalId: 'vertex_pipeline_janitor_body',
      name: stack.naming.name('tpu-janitor'),
      description: 'Deletes stranded TPU queued resources of this environment (FAILED, SUSPENDED, older than a run)',
      body: {
        displayName: `${stack.env.namePrefix}-tpu-janitor`,
        pipelineSpec: deps.training.janitorSpec,
        parameterValues: deps.training.janitorParameterValues,
      },
      schedule: training.janitorSchedule,
      timeZone: training.timeZone,
    });
  }
  if (inline) {
    const problems = parameterValuesProblems(inline, pipeline.parameterValues, `${pipeline.node.path}.parameterValues`);
    if (problems.length) throw new InputError(problems);
  }
  pipeline.addOutputs();
  return pipeline;
}
