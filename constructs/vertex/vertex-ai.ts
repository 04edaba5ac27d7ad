import {
  Aspects,
  conditional,
  dependable,
  Fn,
  IResolvable,
  ITerraformDependable,
  TerraformLocal,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { CloudSchedulerJob } from '@cdktf/provider-google/lib/cloud-scheduler-job';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { VertexAiTensorboard } from '@cdktf/provider-google/lib/vertex-ai-tensorboard';
import { GoogleVertexAiMetadataStore } from '@cdktf/provider-google-beta/lib/google-vertex-ai-metadata-store';
import {
  DEFAULT_METADATA_STORE_ID,
  KFP_REPOSITORY_FORMAT,
  kfpRegistryHost,
  kfpTemplateUri,
  objectPrefixCondition,
  PIPELINE_LAUNCHER,
  pipelineJobsEndpoint,
  SERVICE_ACCOUNT_USER_ROLE,
  VERTEX_ROLES,
} from '../../src/catalog';
import { MANAGED_BY, setComponent } from '../../src/core/labels';
import { Naming } from '../../src/core/naming';
import { stackOutput } from '../../src/core/outputs';
import { toggleWith } from '../../src/core/toggle';
import { DATA_LAKE_PREFIXES } from '../contracts';
import { pipelineJobBody, runCommand, uploadCommand } from './job-body';
import { DEFAULT_TEMPLATE, LauncherOptions, TENSORBOARD_PARAMETER, VertexAiProps } from './props';
import { validateVertexAiProps } from './validate';
import { WorkloadServiceAccount } from '../identity';

const COMPONENT = 'vertex-pipeline';

/**
 * Everything a Vertex AI pipeline run needs, and a launcher that starts runs: a runner identity, a KFP
 * repository for compiled templates, a Tensorboard, the metadata store, and a Cloud Scheduler job that
 * POSTs a PipelineJob to the regional endpoint. All of it is toggled by `enabled` in Terraform.
 */
export class VertexAi extends Construct {
  readonly runner: WorkloadServiceAccount;
  readonly repository: ArtifactRegistryRepository;
  readonly tensorboard: VertexAiTensorboard;
  readonly metadataStore?: GoogleVertexAiMetadataStore;
  readonly launcherJob: CloudSchedulerJob;
  /** `gs://<bucket>/pipeline-root` */
  readonly pipelineRoot: string;
  /** `https://{region}-kfp.pkg.dev/{project}/{repository}` */
  readonly registryHost: string;
  readonly templateUri: string;
  /** `https://{region}-aiplatform.googleapis.com/v1/projects/{project}/locations/{region}/pipelineJobs` */
  readonly endpoint: string;
  /** Every parameter a run receives, including `tensorboard`. */
  readonly parameterValues: Readonly<Record<string, string | number>>;
  /** The PipelineJob request body, as a Terraform local (`jsonencode` of it is what the launcher sends). */
  readonly jobBody: TerraformLocal;
  private readonly enabled: boolean | IResolvable;
  private readonly projectId: string;
  private readonly region: string;
  private readonly commands: { upload: TerraformLocal; run: TerraformLocal };
  private readonly launcherProps: VertexAiProps;
  private readonly launchers: CloudSchedulerJob[] = [];
  private readonly extraGrants: ITerraformDependable[] = [];

  constructor(scope: Construct, id: string, props: VertexAiProps) {
    super(scope, id);
    toggleWith(this, props.enabled);
    setComponent(this, COMPONENT);
    validateVertexAiProps(this.node.path, props);
    this.enabled = props.enabled;
    this.launcherProps = props;
    // Settled at synth, so grants made after a launcher (and those added with launchersWaitFor) count.
    const settled = new WeakSet<IConstruct>();
    Aspects.of(this).add({
      visit: (node) => {
        if (!(node instanceof CloudSchedulerJob) || !this.launchers.includes(node) || settled.has(node)) return;
        settled.add(node);
        const grants = this.node
          .findAll()
          .filter(
            (c): c is TerraformResource =>
              TerraformResource.isTerraformResource(c) && c.terraformResourceType.endsWith('_iam_member'),
          );
        node.dependsOn = [...[...grants, ...this.extraGrants].map((g) => dependable(g)), ...(node.dependsOn ?? [])];
      },
    });
    this.projectId = props.projectId;
    this.region = props.region;
    const naming = new Naming(props.namePrefix);
    const project = props.projectId;

    this.runner = new WorkloadServiceAccount(this, 'runner', {
      projectId: project,
      accountId: naming.serviceAccountId('pipeline-runner'),
      displayName: 'Vertex AI pipeline runner',
      description: 'Runs Vertex AI pipelines; acts only as the accounts of the pipeline steps',
      projectRoles: [VERTEX_ROLES.aiplatformUser, ...(props.runnerProjectRoles ?? [])],
    });
    this.runner.grantActAs(props.launcher, 'launcher');
    for (const [key, account] of Object.entries(props.stepAccounts)) {
      new ServiceAccountIamMember(this, `runner-act-as-${key}`, {
        serviceAccountId: account.accountName,
        role: SERVICE_ACCOUNT_USER_ROLE,
        member: this.runner.member,
      });
    }
    new ProjectIamMember(this, 'launcher-aiplatform-user', {
      project,
      role: VERTEX_ROLES.aiplatformUser,
      member: props.launcher.member,
    });

    this.pipelineRoot = props.dataLake.gsUri(DATA_LAKE_PREFIXES.pipelineRoot);
    const scoped = (props.runnerStorageScope ?? 'pipeline-root') === 'pipeline-root';
    new StorageBucketIamMember(this, 'runner-pipeline-root', {
      bucket: props.dataLake.bucketName,
      role: VERTEX_ROLES.storageObjectUser,
      member: this.runner.member,
      condition: scoped
        ? {
            title: 'pipeline-root only',
            description: 'Objects under pipeline-root/ of the data lake',
            expression: objectPrefixCondition(props.dataLake.bucketName, DATA_LAKE_PREFIXES.pipelineRoot),
          }
        : undefined,
    });

    const repositoryId = naming.name('pipelines');
    this.repository = new ArtifactRegistryRepository(this, 'templates', {
      project,
      location: props.region,
      repositoryId,
      format: KFP_REPOSITORY_FORMAT,
      description: 'Compiled Kubeflow Pipelines templates for Vertex AI',
    });
    for (const [who, member] of [
      ['runner', this.runner.member],
      ['launcher', props.launcher.member],
    ]) {
      this.repoMember(`templates-reader-${who}`, VERTEX_ROLES.artifactRegistryReader, member);
    }

    this.tensorboard = new VertexAiTensorboard(this, 'tensorboard', {
      project,
      region: props.region,
      displayName: naming.name('training'),
      description: 'Training curves of pipeline runs',
    });
    if (props.createMetadataStore ?? true) {
      this.metadataStore = new GoogleVertexAiMetadataStore(this, 'metadata-store', {
        provider: props.betaProvider,
        project,
        region: props.region,
        name: DEFAULT_METADATA_STORE_ID,
        description: 'Lineage of Vertex AI pipeline runs',
      });
    }

    // The request: literal names (not resource attributes) where possible, so no counted resource is
    // interpolated into a longer string (that would fail while the toggle is off).
    this.registryHost = kfpRegistryHost(props.region, project, repositoryId);
    const templatePackage = props.templatePackage ?? DEFAULT_TEMPLATE.package;
    const templateTag = props.templateTag ?? DEFAULT_TEMPLATE.tag;
    this.templateUri = kfpTemplateUri(props.region, project, repositoryId, templatePackage, templateTag);
    this.endpoint = pipelineJobsEndpoint(props.region, project);
    this.parameterValues = { ...(props.parameterValues ?? {}), [TENSORBOARD_PARAMETER]: this.tensorboard.id };
    const localId = (suffix: string) => `${id.replace(/[^A-Za-z0-9]/g, '_')}_${suffix}`;
    const launched = this.addLauncher('launcher', {
      bodyId: 'job-body',
      bodyLogicalId: localId('job_body'),
      name: naming.name('pipeline-launcher'),
      description: props.pipelineSpec
        ? `Starts a training run (the generated ${templatePackage} pipeline, sent inline)`
        : `Starts a Vertex AI pipeline run of ${templatePackage}:${templateTag}`,
      body: {
        displayName: `${props.namePrefix}-${templatePackage}`,
        templateUri: props.pipelineSpec ? undefined : this.templateUri,
        pipelineSpec: props.pipelineSpec,
        parameterValues: this.parameterValues,
      },
      schedule: props.schedule,
      timeZone: props.timeZone,
    });
    this.jobBody = launched.body;
    this.launcherJob = launched.job;
    const bodyBase64 = launched.bodyBase64;

    this.commands = {
      upload: new TerraformLocal(this, 'upload-command', uploadCommand(this.registryHost, templateTag)),
      run: new TerraformLocal(this, 'run-command', runCommand(this.endpoint, bodyBase64)),
    };
    this.commands.upload.overrideLogicalId(localId('upload_command'));
    this.commands.run.overrideLogicalId(localId('run_command'));
  }

  /**
   * A Cloud Scheduler job that POSTs a PipelineJob (run as the runner, into the pipeline root, with the
   * run labels) to the regional endpoint; paused when `schedule` is null. No retries: a retried create
   * could start a second, costly run. Every launcher waits for every grant of this construct (and any
   * added with `launchersWaitFor`), so its first run finds them in place.
   */
  addLauncher(id: string, o: LauncherOptions): { job: CloudSchedulerJob; body: TerraformLocal; bodyBase64: string } {
    const props = this.launcherProps;
    const body = new TerraformLocal(
      this,
      o.bodyId,
      pipelineJobBody({
        ...o.body,
        serviceAccount: this.runner.email,
        gcsOutputDirectory: this.pipelineRoot,
        labels: { ...(props.runLabels ?? {}), component: COMPONENT, 'managed-by': MANAGED_BY },
        network: props.peeredNetwork,
      }),
    );
    body.overrideLogicalId(o.bodyLogicalId);
    const bodyBase64 = Fn.base64encode(Fn.jsonencode(body.expression));
    const job = new CloudSchedulerJob(this, id, {
      project: props.projectId,
      region: props.region,
      name: o.name,
      description: o.description,
      schedule: o.schedule ?? PIPELINE_LAUNCHER.pausedSchedule,
      timeZone: o.timeZone ?? PIPELINE_LAUNCHER.defaultTimeZone,
      paused: o.schedule === null,
      attemptDeadline: PIPELINE_LAUNCHER.attemptDeadline,
      httpTarget: {
        uri: this.endpoint,
        httpMethod: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: bodyBase64,
        oauthToken: { serviceAccountEmail: props.launcher.email, scope: PIPELINE_LAUNCHER.oauthScope },
      },
    });
    this.launchers.push(job);
    return { job, body, bodyBase64 };
  }

  /** Grants made elsewhere (e.g. the training runs' TPU role) that every launcher waits for. */
  launchersWaitFor(...grants: ITerraformDependable[]): void {
    this.extraGrants.push(...grants);
  }

  /** Lets `member` (e.g. a CI service account or `group:...`) upload templates and move tags in the repository. */
  grantTemplateUpload(member: string, idSuffix: string): ArtifactRegistryRepositoryIamMember {
    return this.repoMember(`templates-writer-${idSuffix}`, VERTEX_ROLES.artifactRegistryWriter, member);
  }

  /** Stack outputs: the runner, the repository, and the commands to upload a template and start a run (null while disabled). */
  addOutputs(): void {
    const whileEnabled = (value: unknown) => Token.asString(conditional(this.enabled, value, null));
    const output = (name: string, value: string, description: string) => stackOutput(this, name, value, description);
    output('vertex_pipeline_runner', this.runner.email, 'Service account Vertex AI pipeline runs execute as');
    output(
      'vertex_pipeline_templates',
      whileEnabled(this.registryHost),
      'KFP repository for compiled pipeline templates (RegistryClient host)',
    );
    output(
      'vertex_pipeline_upload_command',
      whileEnabled(this.commands.upload.expression),
      'Uploads ./pipeline.yaml (compiled with the KFP SDK) under the tag the launcher runs',
    );
    output(
      'vertex_pipeline_run_command',
      whileEnabled(this.commands.run.expression),
      "Starts one pipeline run now with the launcher's request (needs aiplatform.user and act-as on the runner)",
    );
    output(
      'vertex_tensorboard',
      this.tensorboard.id,
      'Tensorboard for training curves (the runs\' "tensorboard" parameter)',
    );
  }

  private repoMember(id: string, role: string, member: string): ArtifactRegistryRepositoryIamMember {
    return new ArtifactRegistryRepositoryIamMember(this, id, {
      project: this.projectId,
      location: this.region,
      repository: this.repository.name,
      role,
      member,
    });
  }
}
