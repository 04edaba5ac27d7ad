import { TPU_JANITOR_PERMISSIONS, TPU_RUN_PERMISSIONS } from '../src/catalog';
import { TerraformResource, TerraformStack, Testing } from 'cdktf';
import { GoogleBetaProvider } from '@cdktf/provider-google-beta/lib/provider';
import { ACT_AS_ROLES, PIPELINE_JOB_SCHEMA, SERVICE_ACCOUNT_USER_ROLE } from '../src/catalog';
import { EnvironmentInput, loadEnvironments } from '../src/config';
import { InputError } from '../src/core/errors';
import { TENSORBOARD_PARAMETER, VertexAi, VertexAiProps } from '../constructs/vertex';
import { EnvironmentStack } from '../stacks/environment-stack';
import { addVertexAi, VertexAiDeps } from '../stacks/vertex';
import { FakeBucket, fakeServiceAccount } from './fakes';
import { allResources, envConfig, resourcesOf, TerraformJson } from './helpers';
import { schemaProblems } from './proto-schema';
import { ApplyTimeAttribute, evaluate } from './terraform-eval';

type Body = Record<string, unknown>;
type Json = Record<string, any>;

const PROJECT = 'tpu-train-dev';
const saEmail = (accountId: string) => `${accountId}@${PROJECT}.iam.gserviceaccount.com`;
const RUNNER_EMAIL = saEmail('tpu-dev-pipeline-runner');
const TPU_TRAINER_EMAIL = saEmail('tpu-dev-tpu-trainer');
const DATAPROC_WORKER_EMAIL = saEmail('tpu-dev-dataproc-worker');
const SUBNET_ID = `projects/${PROJECT}/regions/us-central1/subnetworks/tpu-dev-subnet`;
const TENSORBOARD_ID = `projects/${PROJECT}/locations/us-central1/tensorboards/123`;
const TOGGLED = '${var.enable_vertex_ai ? 1 : 0}';

/**
 * Stand-ins for attributes known only after apply, per resource: what Google returns for that very
 * resource, formed from its own arguments (so each account has its own email). Anything else fails.
 */
function standIns(tf: TerraformJson): ApplyTimeAttribute {
  const standIn: ApplyTimeAttribute = (type, name, attr, body) => {
    const arg = (key: string) => String(evaluate(body[key], tf, standIn));
    switch (`${type}.${attr}`) {
      case 'google_service_account.email':
        return `${arg('account_id')}@${arg('project')}.iam.gserviceaccount.com`;
      case 'google_storage_bucket.url':
        return `gs://${arg('name')}`;
      case 'google_compute_network.id':
        return `projects/${arg('project')}/global/networks/${arg('name')}`;
      case 'google_storage_bucket.name':
        return arg('name');
      case 'google_compute_subnetwork.id':
        return `projects/${arg('project')}/regions/${arg('region')}/subnetworks/${arg('name')}`;
      case 'google_vertex_ai_tensorboard.id':
        return `projects/${arg('project')}/locations/${arg('region')}/tensorboards/123`;
      default:
        throw new Error(`no stand-in for ${type}.${name}.${attr}`);
    }
  };
  return standIn;
}

/** How the synthesized JSON refers to a resource's attribute: plainly, or through one() when it is counted. */
const address = (r: TerraformResource) => `${r.terraformResourceType}.${r.friendlyUniqueId}`;
const plainRef = (r: TerraformResource, attr: string) => `\${${address(r)}.${attr}}`;
const countedRef = (r: TerraformResource, attr: string) => `\${one(${address(r)}[*].${attr})}`;

/** The dependencies the stack gives its pipeline: its own data lake and identities. */
function stackDeps(stack: EnvironmentStack): VertexAiDeps {
  const { dataLake, identities } = stack;
  return {
    dataLake,
    scheduler: identities.scheduler,
    tpuTrainer: identities.tpuTrainer,
    dataprocWorker: identities.dataprocWorker,
  };
}

/** The committed dev stack, as synthStack() gives it: synthesized once, the tests only read it. */
let committedDev: ReturnType<typeof makeStack> | undefined;

/**
 * The dev stack with the pipeline it wires itself (`stack.vertexPipeline`); `before` may add to it
 * before synthesis. Without either, the committed dev stack, made once for the suite.
 */
function synthStack(change?: (e: EnvironmentInput) => void, before?: (p: VertexAi) => void) {
  if (!change && !before)
    return (committedDev ??= makeStack(
      () => undefined,
      () => undefined,
    ));
  return makeStack(change ?? (() => undefined), before ?? (() => undefined));
}

function makeStack(change: (e: EnvironmentInput) => void, before: (p: VertexAi) => void) {
  const stack = new EnvironmentStack(Testing.app(), envConfig('dev', change));
  const pipeline = stack.vertexPipeline;
  if (!pipeline) throw new Error('dev enables Vertex AI, yet the stack wired no pipeline');
  before(pipeline);
  const tf = JSON.parse(Testing.synth(stack)) as TerraformJson;
  return { stack, pipeline, tf, ids: stack.identities, standIn: standIns(tf) };
}

/** The only resource of `type` (fails when there are none or several). */
function one(tf: TerraformJson, type: string): Json {
  const all = resourcesOf(tf, type);
  expect(all).toHaveLength(1);
  return all[0] as Json;
}

/**
 * The training launcher: the scheduler job `vertex-pipeline/launcher` (the stack holds others: the
 * Dataproc preprocessing job's, and the janitor's under vertex-pipeline/ too).
 */
function launcher(tf: TerraformJson): Json {
  const jobs = Object.entries(tf.resource.google_cloud_scheduler_job ?? {}).filter(([name]) =>
    /^vertex-pipeline_launcher_[0-9A-F]{8}$/.test(name),
  );
  expect(jobs).toHaveLength(1);
  return jobs[0][1] as Json;
}

/** What Terraform sends: base64encode(jsonencode(local.<body>)), evaluated with the variables' defaults. */
function sentBody(tf: TerraformJson): { encoded: string; decoded: Body } {
  const job = launcher(tf);
  const m = /^\$\{base64encode\(jsonencode\(local\.([\w-]+)\)\)\}$/.exec(job.http_target.body);
  expect(m).not.toBeNull();
  const local = (tf.locals as Record<string, unknown>)[(m as RegExpExecArray)[1]];
  const encoded = Buffer.from(JSON.stringify(evaluate(local, tf, standIns(tf)))).toString('base64');
  return { encoded, decoded: JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as Body };
}

describe('the PipelineJob request the launcher sends', () => {
  const { tf, stack, pipeline, ids } = synthStack();
  const { decoded: body } = sentBody(tf);

  it('decodes from base64 to JSON that fits google.cloud.aiplatform.v1.PipelineJob (the real schema)', () => {
    expect(PIPELINE_JOB_SCHEMA.message).toBe('google.cloud.aiplatform.v1.PipelineJob');
    expect(schemaProblems(body)).toEqual([]);
  });

  it('holds the schema check to account: unknown, output-only, missing and mistyped fields are caught', () => {
    expect(
      schemaProblems({ displayName: 'x', pipelineRoot: 'gs://b/p', runtimeConfig: { gcsOutputDirectory: 'gs://b' } }),
    ).toEqual(['PipelineJob.pipelineRoot: not a field of google.cloud.aiplatform.v1.PipelineJob']);
    expect(schemaProblems({ state: 'PIPELINE_STATE_RUNNING', runtimeConfig: {} })).toEqual([
      'PipelineJob.state: output only',
      'PipelineJob.runtimeConfig.gcsOutputDirectory: required, missing',
    ]);
    expect(
      schemaProblems({ labels: { a: 1 }, runtimeConfig: { gcsOutputDirectory: 'gs://b', parameterValues: { n: 8 } } }),
    ).toEqual(['PipelineJob.labels["a"]: not a string']);
  });

  it("carries the generated pipeline inline, the runner, the pipeline root, the stack's identities, bucket and subnet, and labels", () => {
    expect(body).toEqual({
      displayName: 'tpu-dev-training-pipeline',
      pipelineSpec: expect.objectContaining({
        schemaVersion: '2.1.0',
        pipelineInfo: expect.objectContaining({ name: 'training-pipeline' }),
      }),
      serviceAccount: RUNNER_EMAIL,
      runtimeConfig: {
        gcsOutputDirectory: 'gs://tpu-train-dev-data-lake/pipeline-root',
        parameterValues: {
          project: PROJECT,
          location: 'us-central1',
          tpu_accelerator_type: 'v6e-4',
          raw_data_uri: 'gs://tpu-train-dev-data-lake/raw-data',
          processed_data_uri: 'gs://tpu-train-dev-data-lake/processed-data',
          checkpoints_uri: 'gs://tpu-train-dev-data-lake/checkpoints',
          models_uri: 'gs://tpu-train-dev-data-lake/models',
          scripts_uri: 'gs://tpu-train-dev-data-lake/scripts',
          tpu_service_account: TPU_TRAINER_EMAIL,
          dataproc_service_account: DATAPROC_WORKER_EMAIL,
          dataproc_subnetwork_uri: SUBNET_ID,
          dataproc_main_python_file_uri: expect.stringMatching(
            /^gs:\/\/tpu-train-dev-data-lake\/scripts\/preprocess-[0-9a-f]{16}\.py$/,
          ),
          dataproc_runtime_version: '2.3',
          dataproc_batch_request: expect.any(String),
          [TENSORBOARD_PARAMETER]: TENSORBOARD_ID,
          zone: 'us-central1-b',
          tpu_request_template: expect.any(String),
          results_uri: 'gs://tpu-train-dev-data-lake/runs',
          max_restarts: 3,
          run_timeout_seconds: 86400,
        },
      },
      labels: {
        environment: 'dev',
        team: 'ml-platform',
        'cost-center': 'ml-training',
        component: 'vertex-pipeline',
        'managed-by': 'cdktf',
      },
    });
    expect(body).not.toHaveProperty('templateUri');
    expect(pipeline.templateUri).toContain('-kfp.pkg.dev/');
  });

  it('passes the Dataproc batch template: the very request the preprocessing schedule sends', () => {
    const values = (body.runtimeConfig as Json).parameterValues as Json;
    const schedule = (Object.entries(tf.resource.google_cloud_scheduler_job) as [string, Json][]).find(([name]) =>
      name.startsWith('preprocessing_'),
    )![1];
    const local = /^\$\{base64encode\(jsonencode\(local\.([\w-]+)\)\)\}$/.exec(schedule.http_target.body)![1];
    const scheduled = evaluate((tf.locals as Json)[local], tf, standIns(tf));
    expect(JSON.parse(values.dataproc_batch_request)).toEqual(scheduled);
    expect(values.dataproc_main_python_file_uri).toBe((scheduled as Json).pysparkBatch.mainPythonFileUri);
    expect(values.dataproc_runtime_version).toBe((scheduled as Json).runtimeConfig.version);
  });

  it("refers to the stack's own accounts, bucket and subnet, not copies", () => {
    const values = (tf.locals as Json).vertex_pipeline_job_body.runtimeConfig.parameterValues;
    expect(values.tpu_service_account).toBe(plainRef(ids.tpuTrainer.account, 'email'));
    expect(values.dataproc_service_account).toBe(plainRef(ids.dataprocWorker.account, 'email'));
    expect(values.dataproc_subnetwork_uri).toBe(
      plainRef(stack.network.node.findChild('subnet') as TerraformResource, 'id'),
    );
    expect(values.raw_data_uri).toBe(`${plainRef(stack.dataLake.bucket, 'url')}/raw-data`);
  });

  it('reads the TPU size, project and region from the Terraform variables, so --input-values reach the run', () => {
    const local = JSON.stringify(tf.locals);
    expect(local).toContain('"tpu_accelerator_type":"${var.tpu_accelerator_type}"');
    expect(local).toContain('"zone":"${var.zone}"');
  });

  it('is POSTed as JSON to the regional pipelineJobs endpoint with an OAuth token for the launcher', () => {
    const job = launcher(tf);
    expect(job.http_target).toMatchObject({
      http_method: 'POST',
      uri: 'https://${var.region}-aiplatform.googleapis.com/v1/projects/${var.project_id}/locations/${var.region}/pipelineJobs',
      headers: { 'Content-Type': 'application/json' },
      oauth_token: {
        service_account_email: plainRef(ids.scheduler.account, 'email'),
        scope: 'https://www.googleapis.com/auth/cloud-platform',
      },
    });
    expect(job.http_target).not.toHaveProperty('oidc_token');
    expect(job).toMatchObject({
      region: '${var.region}',
      project: '${var.project_id}',
      name: 'tpu-dev-pipeline-launcher',
    });
    expect(job).not.toHaveProperty('retry_config');
  });
});

describe('regional endpoint', () => {
  it('matches the region in host, path, repository and template, for a literal region', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const region = 'europe-west4';
    new VertexAi(stack, 'vp', literalProps(stack, { region }));
    const tf = JSON.parse(Testing.synth(stack)) as TerraformJson;
    const job = one(tf, 'google_cloud_scheduler_job');
    const m =
      /^https:\/\/([a-z0-9-]+)-aiplatform\.googleapis\.com\/v1\/projects\/p-test-123\/locations\/([a-z0-9-]+)\/pipelineJobs$/.exec(
        job.http_target.uri,
      );
    expect(m?.slice(1)).toEqual([region, region]);
    expect(job.region).toBe(region);
    expect(one(tf, 'google_artifact_registry_repository').location).toBe(region);
    const local = Object.values(tf.locals as Record<string, Json>).find((l) => typeof l === 'object') as Json;
    expect(local.templateUri).toBe(`https://${region}-kfp.pkg.dev/p-test-123/t-dev-pipelines/train/v1`);
  });
});

describe('schedule', () => {
  it('is paused (with a placeholder the API requires) when the schedule is null', () => {
    const job = launcher(synthStack().tf);
    expect(job).toMatchObject({ paused: true, schedule: '0 0 1 1 *', time_zone: 'Etc/UTC' });
  });

  it('runs on the configured schedule and time zone otherwise', () => {
    const { tf } = synthStack((e) => {
      e.training = {
        ...e.training,
        schedule: '0 3 * * MON',
        timeZone: 'Europe/Berlin',
        template: { package: 'nightly-train', tag: 'v2' },
      };
    });
    expect(launcher(tf)).toMatchObject({ paused: false, schedule: '0 3 * * MON', time_zone: 'Europe/Berlin' });
    expect(sentBody(tf).decoded.templateUri).toBe(
      `https://us-central1-kfp.pkg.dev/${PROJECT}/tpu-dev-pipelines/nightly-train/v2`,
    );
  });
});

describe('identities and their rights', () => {
  const { stack, tf, pipeline, ids, standIn } = synthStack();
  const runnerAccount = pipeline.runner.account;
  const runnerMember = countedRef(runnerAccount, 'member');
  const schedulerMember = plainRef(ids.scheduler.account, 'member');
  /** A grant as `role` or `role (toggled)` when it exists only while Vertex AI does. */
  const shown = (r: Json, what: string) => `${what}${r.count === TOGGLED ? ' (toggled)' : ''}`;

  it('creates one runner account, with aiplatform.user and the Dataproc submit role at project level; the launcher gets aiplatform.user, toggled', () => {
    const accounts = tf.resource.google_service_account;
    expect(Object.keys(accounts).filter((n) => n.startsWith('vertex-pipeline_'))).toEqual([
      runnerAccount.friendlyUniqueId,
    ]);
    expect(accounts[runnerAccount.friendlyUniqueId]).toMatchObject({
      account_id: 'tpu-dev-pipeline-runner',
      project: '${var.project_id}',
      count: TOGGLED,
    });
    const roles = (m: string) =>
      (resourcesOf(tf, 'google_project_iam_member') as Json[])
        .filter((r) => r.member === m)
        .map((r) => shown(r, r.role))
        .sort();
    // The training runs' custom roles: run (queued resources and nodes) and clean up (list, get, delete).
    const trainingRole = stack.training!.node.findChild('runner-role') as TerraformResource;
    const janitorRole = stack.training!.node.findChild('janitor-role') as TerraformResource;
    expect(roles(runnerMember)).toEqual(
      [
        'roles/aiplatform.user (toggled)',
        'roles/dataproc.serverlessEditor (toggled)',
        `${countedRef(trainingRole, 'name')} (toggled)`,
        `${countedRef(janitorRole, 'name')} (toggled)`,
      ].sort(),
    );
    expect(tf.resource.google_project_iam_custom_role[janitorRole.friendlyUniqueId].permissions).toEqual(
      TPU_JANITOR_PERMISSIONS.permissions,
    );
    expect(tf.resource.google_project_iam_custom_role[trainingRole.friendlyUniqueId].permissions).toEqual(
      TPU_RUN_PERMISSIONS.permissions,
    );
    // The launcher is the stack's scheduler identity. Its other project grant is the preprocessing
    // template's, always there: a custom role holding only dataproc.batches.create.
    const invokerRole = stack.preprocessing.template.node.findChild('invoker-role') as TerraformResource;
    expect(roles(schedulerMember)).toEqual(['roles/aiplatform.user (toggled)', plainRef(invokerRole, 'name')].sort());
    const customRole = tf.resource.google_project_iam_custom_role[invokerRole.friendlyUniqueId];
    expect(customRole).toMatchObject({ permissions: ['dataproc.batches.create'], project: '${var.project_id}' });
    expect(customRole).not.toHaveProperty('count');
  });

  it('lets the launcher act as the runner only, and the runner act as the step accounts only', () => {
    const actAs = resourcesOf(tf, 'google_service_account_iam_member') as Json[];
    expect(actAs.every((r) => r.role === SERVICE_ACCOUNT_USER_ROLE)).toBe(true);
    const pairs = actAs.map((r) => shown(r, `${r.service_account_id} <- ${r.member}`)).sort();
    expect(pairs).toEqual(
      [
        `${countedRef(runnerAccount, 'name')} <- ${schedulerMember} (toggled)`,
        `${plainRef(ids.dataprocWorker.account, 'name')} <- ${runnerMember} (toggled)`,
        `${plainRef(ids.tpuTrainer.account, 'name')} <- ${runnerMember} (toggled)`,
        // The stack's own: the scheduler launches Dataproc batches as the worker, with or without Vertex AI.
        `${plainRef(ids.dataprocWorker.account, 'name')} <- ${schedulerMember}`,
      ].sort(),
    );
  });

  it('grants no act-as role at project level, no basic role and no key', () => {
    for (const r of resourcesOf(tf, 'google_project_iam_member')) {
      expect([...ACT_AS_ROLES, 'roles/owner', 'roles/editor', 'roles/viewer']).not.toContain(r.role);
    }
    expect(tf.resource).not.toHaveProperty('google_service_account_key');
    expect(tf.resource).not.toHaveProperty('google_project_iam_binding');
    expect(tf.resource).not.toHaveProperty('google_project_iam_policy');
  });

  it('gives the runner object access under pipeline-root/, runs/ (read) and models/ only, inside the toggled scope (no bucket-wide grant)', () => {
    const runnerGrants = (resourcesOf(tf, 'google_storage_bucket_iam_member') as Json[]).filter(
      (r) => r.member === runnerMember,
    );
    expect(runnerGrants).toHaveLength(4);
    const prefixOf = (g: Json) =>
      /objects\/([a-z/-]+)\/"\)$/.exec(String(evaluate(g.condition.expression, tf, standIn)))?.[1];
    expect(runnerGrants.map((g) => `${prefixOf(g)} ${g.role}`).sort()).toEqual([
      'models roles/storage.objectUser',
      'pipeline-root roles/storage.objectUser',
      'runs roles/storage.objectViewer',
      'runs/janitor roles/storage.objectUser',
    ]);
    for (const g of runnerGrants) expect(g.count).toBe(TOGGLED);
    const member = runnerGrants.find((g) => prefixOf(g) === 'pipeline-root')!;
    expect(member).toMatchObject({
      bucket: plainRef(stack.dataLake.bucket, 'name'),
      role: 'roles/storage.objectUser',
      count: TOGGLED,
    });
    expect(evaluate(member.condition.expression, tf, standIn)).toBe(
      'resource.type == "storage.googleapis.com/Bucket" || resource.name.startsWith("projects/_/buckets/tpu-train-dev-data-lake/objects/pipeline-root/")',
    );
  });

  it('can widen the runner to the whole bucket on request', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new VertexAi(stack, 'vp', literalProps(stack, { runnerStorageScope: 'bucket' }));
    const member = one(JSON.parse(Testing.synth(stack)), 'google_storage_bucket_iam_member');
    expect(member).not.toHaveProperty('condition');
  });

  it('lets runner and launcher read templates from the KFP repository, and publishers write', () => {
    const { tf: t } = synthStack(undefined, (p) => p.grantTemplateUpload('group:ml-team@example.com', 'ml-team'));
    expect(one(t, 'google_artifact_registry_repository')).toMatchObject({
      format: 'KFP',
      repository_id: 'tpu-dev-pipelines',
      location: '${var.region}',
    });
    const members = (resourcesOf(t, 'google_artifact_registry_repository_iam_member') as Json[])
      .map((r) => shown(r, `${r.role} ${r.member}`))
      .sort();
    expect(members).toEqual(
      [
        `roles/artifactregistry.reader ${runnerMember} (toggled)`,
        `roles/artifactregistry.reader ${schedulerMember} (toggled)`,
        'roles/artifactregistry.writer group:ml-team@example.com (toggled)',
      ].sort(),
    );
  });

  it('creates the launcher only after every grant the pipeline makes', () => {
    const job = launcher(tf);
    const iam = allResources(tf)
      .filter(([type, name]) => type.endsWith('_iam_member') && name.startsWith('vertex-pipeline_'))
      .map(([type, name]) => `${type}.${name}`);
    expect(iam.length).toBeGreaterThanOrEqual(7);
    for (const address of iam) expect(job.depends_on).toContain(address);
  });
});

describe('Tensorboard and metadata store', () => {
  const { tf } = synthStack();

  it("creates a Tensorboard in the region and the project's default metadata store through google-beta", () => {
    expect(one(tf, 'google_vertex_ai_tensorboard')).toMatchObject({
      region: '${var.region}',
      display_name: 'tpu-dev-training',
    });
    expect(one(tf, 'google_vertex_ai_metadata_store')).toMatchObject({
      name: 'default',
      region: '${var.region}',
      provider: 'google-beta',
    });
  });

  it('leaves the metadata store to Vertex AI when asked', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    new VertexAi(stack, 'vp', literalProps(stack, { createMetadataStore: false }));
    expect(JSON.parse(Testing.synth(stack)).resource).not.toHaveProperty('google_vertex_ai_metadata_store');
  });
});

describe('toggle', () => {
  const { tf, pipeline } = synthStack();
  /**
   * A Vertex AI resource wherever it is in the stack: a Vertex AI or Artifact Registry resource, or a
   * scheduler job that calls the Vertex AI API (the preprocessing job's scheduler calls Dataproc).
   */
  const isVertex = ([type, , body]: [string, string, Record<string, unknown>]) =>
    /^google_(vertex_ai_|artifact_registry_)/.test(type) ||
    (type === 'google_cloud_scheduler_job' &&
      String((body as Json).http_target?.uri).includes('aiplatform.googleapis.com'));

  it('counts every resource it holds on var.enable_vertex_ai, and holds every Vertex AI resource of the stack', () => {
    const mine = allResources(tf).filter(([, name]) => name.startsWith('vertex-pipeline_'));
    expect(mine.length).toBeGreaterThanOrEqual(14);
    for (const [type, name, body] of mine)
      expect({ type, name, count: body.count }).toEqual({ type, name, count: '${var.enable_vertex_ai ? 1 : 0}' });
    const vertex = allResources(tf)
      .filter(isVertex)
      .map(([type, name]) => `${type}.${name}`);
    expect(vertex).toEqual(
      expect.arrayContaining([
        address(pipeline.launcherJob),
        address(pipeline.tensorboard),
        address(pipeline.repository),
      ]),
    );
    for (const a of vertex) expect(a).toMatch(/^google_[a-z_]+\.vertex-pipeline_/);
  });

  it('leaves the preprocessing scheduler job (Dataproc) out of the Vertex AI toggle', () => {
    const others = allResources(tf).filter(
      ([type, name]) => type === 'google_cloud_scheduler_job' && !name.startsWith('vertex-pipeline_'),
    );
    expect(others.map(([, name]) => name)).toEqual([expect.stringMatching(/^preprocessing_batch_schedule_/)]);
    expect((others[0][2] as Json).http_target.uri).toContain('dataproc.googleapis.com');
    expect(others[0][2]).not.toHaveProperty('count');
  });

  it('gives outputs that are null while disabled', () => {
    const outputs = Object.entries(tf.output).filter(([name]) => name.startsWith('vertex_'));
    expect(outputs.map(([n]) => n).sort()).toEqual([
      'vertex_pipeline_run_command',
      'vertex_pipeline_runner',
      'vertex_pipeline_templates',
      'vertex_pipeline_upload_command',
      'vertex_tensorboard',
    ]);
    for (const [, out] of outputs)
      expect(String(out.value)).toMatch(
        /^\$\{(var\.enable_vertex_ai \? .* : null|one\(google_[\w]+\.[\w-]+\[\*\]\.\w+\))\}$/,
      );
  });

  it('never interpolates a counted resource inside a longer string in the always-evaluated locals', () => {
    const strings = JSON.stringify(tf.locals).match(/"[^"]*one\([^"]*"/g) ?? [];
    for (const s of strings) expect(s).toMatch(/^"\$\{one\([^}]*\)\}"$/);
  });

  it('adds nothing to an environment with Vertex AI disabled (ENABLE_VERTEX_AI=false), and keeps every other grant and account', () => {
    const [env] = loadEnvironments({ ENVIRONMENT: 'dev', ENABLE_VERTEX_AI: 'false' });
    const stack = new EnvironmentStack(Testing.app(), env);
    expect(stack.vertexPipeline).toBeUndefined();
    expect(addVertexAi(stack, stackDeps(stack))).toBeUndefined();
    const off = JSON.parse(Testing.synth(stack)) as TerraformJson;
    expect(allResources(off).filter((r) => isVertex(r) || /^(vertex-pipeline|training)_/.test(r[1]))).toEqual([]);
    expect(stack.training).toBeUndefined();
    // The preprocessing job's scheduler (Dataproc) stays, exactly as with Vertex AI on.
    const nonVertexJobs = (t: TerraformJson) =>
      Object.entries(t.resource.google_cloud_scheduler_job ?? {}).filter(([n]) => !n.startsWith('vertex-pipeline_'));
    expect(nonVertexJobs(off)).toEqual(nonVertexJobs(tf));
    expect(nonVertexJobs(off)).toHaveLength(1);
    const iamAndAccounts = (t: TerraformJson) =>
      allResources(t)
        .filter(([type]) => type.endsWith('_iam_member') || type === 'google_service_account')
        .map(([type, name]) => `${type}.${name}`)
        .sort();
    expect(iamAndAccounts(off)).toEqual(iamAndAccounts(tf).filter((a) => !/\.(vertex-pipeline|training)_/.test(a)));
    expect(resourcesOf(off, 'google_project_iam_member').map((r) => r.role)).not.toContain('roles/aiplatform.user');
    expect(Object.keys(off.output).filter((n) => n.startsWith('vertex_') || n.startsWith('training_'))).toEqual([]);
    // Only the pipeline's locals go (the preprocessing job's request body stays).
    const localNames = (t: TerraformJson) =>
      Object.keys((t.locals as Record<string, unknown> | undefined) ?? {}).sort();
    expect(localNames(tf).filter((n) => n.startsWith('vertex_pipeline_'))).toHaveLength(4); // with the janitor's body
    expect(localNames(off)).toEqual(localNames(tf).filter((n) => !/^(vertex_pipeline|training)_/.test(n)));
  });
});

describe('commands for people', () => {
  const { tf, standIn } = synthStack();
  const locals = tf.locals as Record<string, string>;

  it('upload a compiled template to the repository under the tag the launcher runs', () => {
    expect(evaluate(locals.vertex_pipeline_upload_command, tf, standIn)).toBe(
      `curl -sS -X POST -H "Authorization: Bearer $(gcloud auth print-access-token)" -F tags=latest -F content=@pipeline.yaml https://us-central1-kfp.pkg.dev/${PROJECT}/tpu-dev-pipelines`,
    );
  });

  it("start one run by hand with the launcher's exact body and endpoint", () => {
    const run = String(locals.vertex_pipeline_run_command);
    expect(
      run.startsWith(
        'echo ${base64encode(jsonencode(local.vertex_pipeline_job_body))} | base64 --decode | curl -sS -X POST ',
      ),
    ).toBe(true);
    expect(run.endsWith(` --data-binary @- ${launcher(tf).http_target.uri}`)).toBe(true);
    expect(run).toContain(
      '-H "Authorization: Bearer $(gcloud auth print-access-token)" -H "Content-Type: application/json"',
    );
  });
});

describe('bad literals get one line each', () => {
  const cases: [string, Partial<VertexAiProps>, RegExp][] = [
    [
      'template tag',
      { templateTag: 'Latest!' },
      /^s\/vp\.templateTag="Latest!": not a valid KFP template tag; allowed: a tag of 1-128/,
    ],
    [
      'package',
      { templatePackage: 'my_pipeline' },
      /^s\/vp\.templatePackage="my_pipeline": not a valid KFP package name; allowed: 1-128 characters/,
    ],
    [
      'parameter name',
      { parameterValues: { 'data-uri': 'gs://b' } },
      /^s\/vp\.parameterValues key="data-uri": not a valid pipeline parameter name; allowed: a Python identifier/,
    ],
    [
      'reserved parameter',
      { parameterValues: { tensorboard: 'x' } },
      /^s\/vp\.parameterValues\.tensorboard="x": set by the construct; allowed: any other name$/,
    ],
    [
      'schedule',
      { schedule: '0 25 * * *' },
      /^s\/vp\.schedule="0 25 \* \* \*": not a valid schedule \("25" in hour is outside 0-23\); allowed: unix-cron with five fields/,
    ],
    [
      'time zone',
      { timeZone: 'Mars/Olympus' },
      /^s\/vp\.timeZone="Mars\/Olympus": not a known tz database name; allowed: a tz database name/,
    ],
    [
      'label value',
      { runLabels: { team: 'ML Platform' } },
      /^s\/vp\.runLabels\.team="ML Platform": not a valid label value; allowed: 0-63 characters/,
    ],
    [
      'peered network',
      { peeredNetwork: 'projects/my-project/global/networks/vpc' },
      /^s\/vp\.peeredNetwork="projects\/my-project\/global\/networks\/vpc": not a valid peered network; allowed: projects\/<project number>/,
    ],
    [
      'step account key',
      { stepAccounts: { TPU: fakeServiceAccount('t') } },
      /^s\/vp\.stepAccounts key="TPU": not a valid key; allowed: 1-40 lowercase/,
    ],
  ];
  it.each(cases)('%s', (_, change, message) => {
    const stack = new TerraformStack(Testing.app(), 's');
    let error: unknown;
    try {
      new VertexAi(stack, 'vp', literalProps(stack, change));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toHaveLength(1);
    expect((error as InputError).problems[0]).toMatch(message);
  });

  it('refuses a project-level act-as role for the runner', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    expect(
      () => new VertexAi(stack, 'vp', literalProps(stack, { runnerProjectRoles: ['roles/iam.serviceAccountUser'] })),
    ).toThrow(/not granted at project level/);
  });
});

/** Props with literal values, for a construct alone in a plain stack. */
function literalProps(stack: TerraformStack, change: Partial<VertexAiProps> = {}): VertexAiProps {
  return {
    enabled: true,
    projectId: 'p-test-123',
    region: 'us-central1',
    namePrefix: 't-dev',
    betaProvider: new GoogleBetaProvider(stack, 'beta', {}),
    dataLake: new FakeBucket(),
    launcher: fakeServiceAccount('launcher'),
    stepAccounts: { trainer: fakeServiceAccount('trainer') },
    schedule: null,
    templatePackage: 'train',
    templateTag: 'v1',
    ...change,
  };
}
