import { readFileSync } from 'node:fs';
import { AssetType, Fn, TerraformAsset, TerraformLocal, TerraformOutput, Token } from 'cdktf';
import { Construct } from 'constructs';
import { ProjectIamCustomRole } from '@cdktf/provider-google/lib/project-iam-custom-role';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { StorageBucketObject } from '@cdktf/provider-google/lib/storage-bucket-object';
import {
  BUCKET_ROLES,
  JANITOR_MARGIN_SECONDS,
  objectPrefixCondition,
  TPU_JANITOR_PERMISSIONS,
  TPU_RUN_PERMISSIONS,
  VERTEX_ROLES,
} from '../../src/catalog';
import { setComponent } from '../../src/core/labels';
import { emitOutput } from '../../src/core/outputs';
import { projectFile } from '../../src/core/project-file';
import { toggleWith } from '../../src/core/toggle';
import { DATA_LAKE_PREFIXES, IGrant, IServiceAccount } from '../contracts';
import { PipelineSpec } from './pipeline-spec/builder';
import { janitorPipelineSpec } from './pipeline-spec/janitor-pipeline';
import { embeddedProgram, StepPrograms, trainingPipelineSpec } from './pipeline-spec/training-pipeline';
import { queuedResourceRequest } from './queued-resource';
import { defaultTrainingCommand, proveSliceProgram, ProveSliceProgram } from './default-command';
import { TrainingRunsProps } from './props';

/** Where the janitor records what it deleted, under runs/. */
export const JANITOR_RECORDS = 'janitor';

/** The step programs, relative to the project root: common.py is embedded before each step. */
export const STEP_PROGRAMS_DIR = 'src/jobs/steps';

/** The step programs as the spec embeds them (read at synth, so a changed file changes the spec). */
export function stepPrograms(dir = STEP_PROGRAMS_DIR): StepPrograms & { readonly janitor: string } {
  const read = (name: string) => readFileSync(projectFile(`${dir}/${name}`), 'utf8');
  const common = read('common.py');
  return {
    preprocess: embeddedProgram(common, read('preprocess_step.py')),
    train: embeddedProgram(common, read('train_step.py')),
    publish: embeddedProgram(common, read('publish_step.py')),
    janitor: embeddedProgram(common, read('janitor_step.py')),
  };
}

/**
 * Training runs: the generated pipeline spec (preprocess, train on a queued TPU v6e slice, publish),
 * the TPU request template every run sends (a Terraform local, and an output so a plan shows it),
 * the parameters a launcher passes, and the runner's rights to run them (`grantRunner`). Nothing here
 * bills: the slice exists only while a run trains.
 */
export class TrainingRuns extends Construct {
  /** The KFP pipeline spec (schemaVersion 2.1.0), sent inline as the PipelineJob's `pipelineSpec`. */
  readonly pipelineSpec: PipelineSpec;
  /** The queued-resource request template (`__RUN_ID__`, `__DATA_DIR__` placeholders), as a local. */
  readonly requestTemplate: TerraformLocal;
  /** What every run receives besides the launcher's standard parameters. */
  readonly parameterValues: Readonly<Record<string, string | number>>;
  /** The janitor's pipeline spec (deletes stranded requests of this environment), and its parameters. */
  readonly janitorSpec: PipelineSpec;
  readonly janitorParameterValues: Readonly<Record<string, string | number>>;
  /** The plan-visible request. */
  readonly requestOutput: TerraformOutput;
  /** The default command's program in the data lake, when no command is given. */
  readonly defaultProgram?: StorageBucketObject;
  private readonly props: TrainingRunsProps;
  private readonly runnerGrants: IGrant[] = [];

  constructor(scope: Construct, id: string, props: TrainingRunsProps) {
    super(scope, id);
    setComponent(this, 'training');
    toggleWith(this, props.enabled);
    this.props = props;

    // The default command's program, uploaded under the read-only code prefix (content-hashed name).
    const program = proveSliceProgram();
    this.defaultProgram = props.command === undefined ? this.upload(program) : undefined;
    const request = queuedResourceRequest(
      {
        project: props.projectId,
        zone: props.zone,
        acceleratorType: props.acceleratorType,
        slices: props.slices,
        network: props.network,
        serviceAccount: props.trainer,
        environment: props.environment,
        labels: props.labels,
        networkTags: [...new Set([props.network.tags.tpu, ...(props.networkTags ?? [])])],
        capacity: props.capacity,
        reservation: props.reservation,
        waitSeconds: props.maxWaitSeconds,
        bucketName: props.dataLake.bucketName,
        trainingCommand: props.command ?? defaultTrainingCommand({ objectName: program.objectName }),
        trainingSetup: props.setup,
      },
      this.node.path,
    );
    this.requestTemplate = new TerraformLocal(this, 'request-template', request);
    this.requestTemplate.overrideLogicalId('training_tpu_request');
    this.requestOutput = emitOutput(
      this,
      'training_tpu_request',
      Token.asString(this.requestTemplate.expression),
      'The TPU queued-resource request every training run sends (__RUN_ID__ and __DATA_DIR__ are filled in per run)',
      { id: 'output-tpu-request' },
    );

    this.pipelineSpec = trainingPipelineSpec({
      programs: stepPrograms(),
      maxRestarts: props.maxRestarts,
      runTimeoutSeconds: props.runTimeoutSeconds,
    });
    this.janitorSpec = janitorPipelineSpec({ program: stepPrograms().janitor });
    this.janitorParameterValues = {
      project: props.projectId,
      zone: props.zone,
      environment: props.environment,
      max_age_seconds: props.runTimeoutSeconds + JANITOR_MARGIN_SECONDS,
      records_uri: props.dataLake.gsUri(DATA_LAKE_PREFIXES.runs, JANITOR_RECORDS),
    };
    this.parameterValues = {
      zone: props.zone,
      dataproc_batch_request: props.preprocessingRequest,
      tpu_request_template: Fn.jsonencode(this.requestTemplate.expression),
      results_uri: props.dataLake.gsUri(DATA_LAKE_PREFIXES.runs),
      max_restarts: props.maxRestarts,
      run_timeout_seconds: props.runTimeoutSeconds,
    };
  }

  private upload(program: ProveSliceProgram): StorageBucketObject {
    const asset = new TerraformAsset(this, 'prove-slice', {
      path: program.localPath,
      type: AssetType.FILE,
      assetHash: program.hash,
    });
    return new StorageBucketObject(this, 'prove-slice-object', {
      bucket: this.props.dataLake.bucketName,
      name: program.objectName,
      source: asset.path,
      contentType: 'text/x-python',
      // The new version exists before the old one goes, so a run starting meanwhile finds its file.
      lifecycle: { createBeforeDestroy: true },
    });
  }

  /**
   * Lets `runner` (the Vertex AI pipeline runner) run training: a custom role with exactly the TPU
   * permissions a run needs (create, read and delete queued resources and nodes), reading run results
   * under `runs/`, and writing run records under `models/`. Acting as the trainer is granted where
   * the runner is made (it may act as the step accounts only). Returns the grants.
   */
  grantRunner(runner: IServiceAccount): IGrant[] {
    if (this.runnerGrants.length) return this.runnerGrants;
    const { projectId, dataLake, namePrefix } = this.props;
    const role = new ProjectIamCustomRole(this, 'runner-role', {
      project: projectId,
      roleId: `${namePrefix.replace(/-/g, '_')}_training_runs`,
      title: `Run training on TPU queued resources (${namePrefix})`,
      description: 'Create, read and delete TPU queued resources and their nodes: what a training run needs',
      permissions: [...TPU_RUN_PERMISSIONS.permissions],
    });
    const prefixGrant = (id: string, roleName: string, prefix: string, title: string) =>
      new StorageBucketIamMember(this, id, {
        bucket: dataLake.bucketName,
        role: roleName,
        member: runner.member,
        condition: {
          title,
          description: `Objects under ${prefix}/ of the data lake`,
          expression: objectPrefixCondition(dataLake.bucketName, prefix),
        },
      });
    const janitorRole = new ProjectIamCustomRole(this, 'janitor-role', {
      project: projectId,
      roleId: `${namePrefix.replace(/-/g, '_')}_tpu_janitor`,
      title: `Clean up stranded TPU queued resources (${namePrefix})`,
      description: 'List, read and delete TPU queued resources: what the janitor needs',
      permissions: [...TPU_JANITOR_PERMISSIONS.permissions],
    });
    this.runnerGrants.push(
      new ProjectIamMember(this, 'runner-runs-tpus', { project: projectId, role: role.name, member: runner.member }),
      prefixGrant('runner-reads-results', BUCKET_ROLES.read, DATA_LAKE_PREFIXES.runs, 'runs only'),
      prefixGrant('runner-writes-records', VERTEX_ROLES.storageObjectUser, DATA_LAKE_PREFIXES.models, 'models only'),
      new ProjectIamMember(this, 'runner-cleans-tpus', {
        project: projectId,
        role: janitorRole.name,
        member: runner.member,
      }),
      prefixGrant(
        'runner-writes-janitor-records',
        VERTEX_ROLES.storageObjectUser,
        `${DATA_LAKE_PREFIXES.runs}/${JANITOR_RECORDS}`,
        'janitor records only',
      ),
    );
    return this.runnerGrants;
  }
}
