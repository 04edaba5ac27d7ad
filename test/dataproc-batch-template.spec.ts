import { Aspects, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import {
  DataprocBatchTemplate,
  DataprocBatchTemplateProps,
  PAUSED_PLACEHOLDER_SCHEDULE,
} from '../constructs/preprocessing';
import { DEFAULT_SPARK_PROPERTIES } from '../constructs/preprocessing';
import { WorkloadServiceAccount } from '../constructs/identity';
import { TrainingNetwork } from '../constructs/network';
import { DATAPROC_SERVERLESS, findDataprocRuntime, runsAsDefined } from '../src/catalog';
import { InputError } from '../src/core/errors';
import { LabelsAspect } from '../src/core/labels';
import {
  decodeBody,
  evaluateSchedulerBody,
  fakeWorker,
  gcloudShape,
  restShape,
  terraformShape,
} from './dataproc-forms';
import { FakeBucket, fakeNetwork, fakeServiceAccount } from './fakes';

type Json = Record<string, any>;
const TODAY = '2026-11-28';
const lake = new FakeBucket('lake-bucket');

function baseProps(): DataprocBatchTemplateProps {
  return {
    projectId: 'p-test-123',
    region: 'us-central1',
    name: 'tpu-dev-preprocess',
    mainPythonFileUri: lake.gsUri('scripts', 'job.py'),
    args: ['--input=gs://lake-bucket/raw-data/corpus', "--note=it's a test"],
    pythonFileUris: ['gs://lake-bucket/scripts/lib.zip'],
    worker: fakeWorker(),
    network: fakeNetwork(),
    stagingBucketName: lake.bucketName,
    invoker: fakeServiceAccount('scheduler'),
    runAtDeploy: true,
    today: TODAY,
  };
}

function synth(change: Partial<DataprocBatchTemplateProps> = {}, setup: (s: TerraformStack) => void = () => undefined) {
  const stack = new TerraformStack(Testing.app(), 's');
  setup(stack);
  const template = new DataprocBatchTemplate(stack, 'preprocessing', { ...baseProps(), ...change });
  return { tf: JSON.parse(Testing.synth(stack)) as Json, template };
}

const one = (tf: Json, type: string): Json => {
  const all = Object.values(tf.resource?.[type] ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};

function problems(change: Partial<DataprocBatchTemplateProps>): string[] {
  try {
    synth(change);
  } catch (e) {
    if (e instanceof InputError) return [...e.problems];
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('DataprocBatchTemplate: one definition, three forms', () => {
  const labelled = synth(
    { labels: { job: 'preprocess' }, sparkProperties: { 'spark.jars.packages': 'a:b:1,c:d:2' } },
    (s) => Aspects.of(s).add(new LabelsAspect('dev', { team: 'ml-platform' })),
  );
  const { tf } = labelled;
  const scheduler = one(tf, 'google_cloud_scheduler_job');
  const evaluated = evaluateSchedulerBody(tf, scheduler.http_target.body);
  const body = decodeBody(evaluated.base64);
  const command = tf.output.preprocessing_submit_command.value as string;

  it('carry the same main file, args, runtime, account, subnet, network tags, staging bucket, ttl, properties and labels', () => {
    const fromGcloud = gcloudShape(command);
    const { flags, ...gcloud } = fromGcloud;
    const rest = restShape(body);
    const terraform = terraformShape(one(tf, 'google_dataproc_batch'));
    expect(rest).toEqual(gcloud);
    expect(terraform).toEqual(gcloud);
    expect(gcloud).toMatchObject({
      mainPythonFileUri: 'gs://lake-bucket/scripts/job.py',
      args: ['--input=gs://lake-bucket/raw-data/corpus', "--note=it's a test"],
      pythonFileUris: ['gs://lake-bucket/scripts/lib.zip'],
      runtimeVersion: DATAPROC_SERVERLESS.defaultRuntimeVersion,
      serviceAccount: 'dataproc-worker@p-test-123.iam.gserviceaccount.com',
      subnetworkUri: 'projects/p-test-123/regions/us-central1/subnetworks/fake-subnet',
      // The network's Dataproc tag: its firewall admits executor traffic only between tagged VMs.
      networkTags: ['fake-dataproc'],
      stagingBucket: 'lake-bucket',
      ttl: '14400s',
      properties: { ...DEFAULT_SPARK_PROPERTIES, 'spark.jars.packages': 'a:b:1,c:d:2' },
      // The stack's labels aspect decides the labels; all three forms get exactly its result.
      labels: {
        team: 'ml-platform',
        job: 'preprocess',
        environment: 'dev',
        component: 'platform',
        'managed-by': 'cdktf',
      },
    });
    expect(flags).toMatchObject({ project: 'p-test-123', region: 'us-central1' });
  });

  it('send the scheduled body as base64 JSON with the API field names and no batch id', () => {
    // With the Terraform CLI installed, Terraform itself evaluated base64encode(jsonencode(local)).
    if (process.env.CI_REQUIRE_TERRAFORM === '1') expect(evaluated.evaluatedBy).toBe('terraform');
    expect(Object.keys(body).sort()).toEqual(['environmentConfig', 'labels', 'pysparkBatch', 'runtimeConfig']);
    expect(Object.keys(body.pysparkBatch).sort()).toEqual(['args', 'mainPythonFileUri', 'pythonFileUris']);
    expect(Object.keys(body.runtimeConfig).sort()).toEqual(['properties', 'version']);
    expect(Object.keys(body.environmentConfig)).toEqual(['executionConfig']);
    expect(Object.keys(body.environmentConfig.executionConfig).sort()).toEqual([
      'networkTags',
      'serviceAccount',
      'stagingBucket',
      'subnetworkUri',
      'ttl',
    ]);
    expect(body.environmentConfig.executionConfig.stagingBucket).not.toMatch(/^gs:/);
    expect(JSON.stringify(body)).not.toMatch(/batchId|batch_id/);
  });

  it('POST it to the batches endpoint with an OAuth token for the invoker, JSON content type, no retries', () => {
    expect(scheduler.http_target).toMatchObject({
      uri: 'https://dataproc.googleapis.com/v1/projects/p-test-123/locations/us-central1/batches',
      http_method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      oauth_token: {
        service_account_email: 'scheduler@p-test-123.iam.gserviceaccount.com',
        scope: 'https://www.googleapis.com/auth/cloud-platform',
      },
    });
    expect(scheduler.http_target.uri).not.toContain('?');
    expect(scheduler).toMatchObject({
      project: 'p-test-123',
      region: 'us-central1',
      name: 'tpu-dev-preprocess',
      retry_config: { retry_count: 0 },
    });
  });

  it('print a gcloud command with every flag filled in and a new batch id per run', () => {
    const { flags } = gcloudShape(command);
    expect(Object.keys(flags).sort()).toEqual(
      [
        'batch',
        'labels',
        'project',
        'properties',
        'py-files',
        'region',
        'service-account',
        'staging-bucket',
        'subnet',
        'tags',
        'ttl',
        'version',
      ].sort(),
    );
    for (const value of Object.values(flags)) expect(value).not.toBe('');
    expect(flags.batch).toBe('tpu-dev-preprocess-$(date -u +%Y%m%d-%H%M%S)');
    expect(command).toContain(' --batch=tpu-dev-preprocess-$(date -u +%Y%m%d-%H%M%S) ');
    // A property value holding commas switches gcloud's list delimiter instead of splitting the value.
    expect(flags.properties.startsWith('^#^')).toBe(true);
  });
});

describe('DataprocBatchTemplate: the forms in detail', () => {
  it('renders the exact gcloud command of a plain template', () => {
    const { tf } = synth({
      args: ['--a=1'],
      pythonFileUris: [],
      sparkProperties: { 'spark.executor.cores': '8' },
      runAtDeploy: false,
    });
    expect(tf.output.preprocessing_submit_command).toEqual({
      description: 'Runs tpu-dev-preprocess once by hand: the same batch the Cloud Scheduler job sends',
      value:
        'gcloud dataproc batches submit pyspark gs://lake-bucket/scripts/job.py --batch=tpu-dev-preprocess-$(date -u +%Y%m%d-%H%M%S)' +
        ' --project=p-test-123 --region=us-central1 --version=2.3 --service-account=dataproc-worker@p-test-123.iam.gserviceaccount.com' +
        ' --subnet=projects/p-test-123/regions/us-central1/subnetworks/fake-subnet --tags=fake-dataproc --staging-bucket=lake-bucket --ttl=14400s' +
        ' --properties=spark.driver.cores=4,spark.driver.memory=9600m,spark.dynamicAllocation.maxExecutors=20,spark.executor.cores=8,spark.executor.instances=2,spark.executor.memory=9600m' +
        ' -- --a=1',
    });
  });

  it('names the output after the construct, or as asked', () => {
    expect(Object.keys(synth().tf.output)).toEqual(['preprocessing_submit_command']);
    expect(Object.keys(synth({ commandOutputName: 'run_preprocessing' }).tf.output)).toEqual(['run_preprocessing']);
  });

  it('keeps tokens as Terraform references in every form', () => {
    const stack = new TerraformStack(Testing.app(), 't');
    const bucket = new TerraformVariable(stack, 'bucket_name', { type: 'string' });
    new DataprocBatchTemplate(stack, 'preprocessing', {
      ...baseProps(),
      stagingBucketName: bucket.stringValue,
      mainPythonFileUri: `gs://${bucket.stringValue}/scripts/job.py`,
    });
    const out = JSON.parse(Testing.synth(stack)) as Json;
    const local = Object.values(out.locals)[0] as Json;
    expect(local.environmentConfig.executionConfig.stagingBucket).toBe('${var.bucket_name}');
    expect(local.pysparkBatch.mainPythonFileUri).toBe('gs://${var.bucket_name}/scripts/job.py');
    expect(out.output.preprocessing_submit_command.value).toContain(' --staging-bucket=${var.bucket_name} ');
    expect(one(out, 'google_dataproc_batch').environment_config.execution_config.staging_bucket).toBe(
      '${var.bucket_name}',
    );
  });

  it('creates the scheduler job paused (with a placeholder schedule) when there is no schedule', () => {
    expect(one(synth().tf, 'google_cloud_scheduler_job')).toMatchObject({
      paused: true,
      schedule: PAUSED_PLACEHOLDER_SCHEDULE,
      time_zone: 'Etc/UTC',
    });
    expect(one(synth({ schedule: null }).tf, 'google_cloud_scheduler_job').paused).toBe(true);
  });

  it('runs the scheduler job on the given schedule and time zone', () => {
    const job = one(
      synth({ schedule: '30 2 * * MON-FRI', timeZone: 'Europe/Berlin' }).tf,
      'google_cloud_scheduler_job',
    );
    expect(job).toMatchObject({ paused: false, schedule: '30 2 * * MON-FRI', time_zone: 'Europe/Berlin' });
  });

  it('runs once at deploy only when asked, with a deterministic id that follows the definition', () => {
    expect(synth({ runAtDeploy: false }).tf.resource.google_dataproc_batch).toBeUndefined();
    const a = one(synth().tf, 'google_dataproc_batch');
    const again = one(synth().tf, 'google_dataproc_batch');
    const changed = one(synth({ args: ['--input=gs://lake-bucket/raw-data/other'] }).tf, 'google_dataproc_batch');
    expect(a.batch_id).toMatch(/^tpu-dev-preprocess-[0-9a-f]{10}$/);
    expect(a.batch_id).toMatch(new RegExp(DATAPROC_SERVERLESS.batchIdPattern));
    expect(again.batch_id).toBe(a.batch_id);
    expect(changed.batch_id).not.toBe(a.batch_id);
    expect(a).toMatchObject({ project: 'p-test-123', location: 'us-central1', timeouts: { create: '14400s' } });
  });
});

describe('DataprocBatchTemplate: IAM', () => {
  it('lets the invoker create batches through a custom role holding only dataproc.batches.create', () => {
    const worker = fakeWorker();
    const { tf } = synth({ worker });
    const role = one(tf, 'google_project_iam_custom_role');
    expect(role).toMatchObject({
      project: 'p-test-123',
      role_id: 'tpu_dev_preprocess_batch_creator',
      permissions: ['dataproc.batches.create'],
    });
    const member = one(tf, 'google_project_iam_member');
    expect(member.member).toBe('serviceAccount:scheduler@p-test-123.iam.gserviceaccount.com');
    expect(member.role).toMatch(/^\$\{google_project_iam_custom_role\.[\w-]+\.name\}$/);
    expect(worker.roles).toEqual([DATAPROC_SERVERLESS.workerRole]);
    expect(worker.actAs).toEqual([
      { member: 'serviceAccount:scheduler@p-test-123.iam.gserviceaccount.com', suffix: 'preprocessing-invoker' },
    ]);
  });

  it('can grant the narrowest predefined role instead', () => {
    const { tf } = synth({ invokerRole: 'predefined' });
    expect(tf.resource.google_project_iam_custom_role).toBeUndefined();
    expect(one(tf, 'google_project_iam_member').role).toBe('roles/dataproc.serverlessEditor');
  });

  it('with a real WorkloadServiceAccount: act-as on the worker account only, dataproc.worker on the worker', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const worker = new WorkloadServiceAccount(stack, 'worker', {
      projectId: 'p-test-123',
      accountId: 'tpu-dev-dataproc',
      displayName: 'Dataproc worker',
    });
    new DataprocBatchTemplate(stack, 'preprocessing', { ...baseProps(), worker });
    const tf = JSON.parse(Testing.synth(stack)) as Json;
    const actAs = Object.values(tf.resource.google_service_account_iam_member) as Json[];
    expect(actAs).toEqual([
      expect.objectContaining({
        role: 'roles/iam.serviceAccountUser',
        member: 'serviceAccount:scheduler@p-test-123.iam.gserviceaccount.com',
      }),
    ]);
    expect(actAs[0].service_account_id).toMatch(/^\$\{google_service_account\.worker_account_\w+\.name\}$/);
    const projectRoles = (Object.values(tf.resource.google_project_iam_member) as Json[]).map((m) => [
      m.role,
      m.member,
    ]);
    expect(projectRoles).toContainEqual([
      'roles/dataproc.worker',
      expect.stringMatching(/google_service_account\.worker_account_\w+\.member/),
    ]);
    expect(projectRoles.map(([role]) => role)).not.toContain('roles/iam.serviceAccountUser');
    expect(one(tf, 'google_dataproc_batch').environment_config.execution_config.service_account).toMatch(
      /google_service_account\.worker_account_\w+\.email/,
    );
  });

  it('runs the deploy-time batch only once its worker holds roles/dataproc.worker', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const worker = new WorkloadServiceAccount(stack, 'worker', {
      projectId: 'p-test-123',
      accountId: 'tpu-dev-dataproc',
      displayName: 'Dataproc worker',
    });
    new DataprocBatchTemplate(stack, 'preprocessing', { ...baseProps(), worker, runAtDeploy: true });
    const tf = JSON.parse(Testing.synth(stack)) as Json;
    const [grant] =
      Object.entries(tf.resource.google_project_iam_member as Record<string, Json>).find(
        ([, r]) => r.role === 'roles/dataproc.worker',
      ) ?? [];
    expect(grant).toBeDefined();
    expect(one(tf, 'google_dataproc_batch').depends_on).toContain(`google_project_iam_member.${grant}`);
  });

  it("runs the deploy-time batch only after IAM propagated (the worker's ready pause) and the firewall rule exists", () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const worker = new WorkloadServiceAccount(stack, 'worker', {
      projectId: 'p-test-123',
      accountId: 'tpu-dev-dataproc',
      displayName: 'Dataproc worker',
    });
    const network = new TrainingNetwork(stack, 'network', {
      projectId: 'p-test-123',
      region: 'us-central1',
      networkName: 'vpc',
      subnetName: 'subnet',
      subnetCidr: '10.10.0.0/20',
      namePrefix: 'tpu-dev',
    });
    new DataprocBatchTemplate(stack, 'preprocessing', { ...baseProps(), worker, network, runAtDeploy: true });
    const tf = JSON.parse(Testing.synth(stack)) as Json;
    const [sleep, pause] = Object.entries(tf.resource.time_sleep as Record<string, Json>)[0];
    const [firewall] = Object.entries(tf.resource.google_compute_firewall as Record<string, Json>).find(
      ([, r]) => r.name === 'tpu-dev-allow-internal',
    )!;
    const dependsOn = one(tf, 'google_dataproc_batch').depends_on;
    expect(dependsOn).toEqual(expect.arrayContaining([`time_sleep.${sleep}`, `google_compute_firewall.${firewall}`]));
    // The pause waits for the worker's roles/dataproc.worker grant.
    expect(pause.depends_on.some((d: string) => d.startsWith('google_project_iam_member.'))).toBe(true);
    expect(one(tf, 'google_cloud_scheduler_job').depends_on).toContain(`google_compute_firewall.${firewall}`);
    expect(one(tf, 'google_dataproc_batch').environment_config.execution_config.network_tags).toEqual([
      'tpu-dev-dataproc',
    ]);
  });

  it('makes the scheduler job wait for both invoker grants: batch creation and act-as on the worker', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const worker = new WorkloadServiceAccount(stack, 'worker', {
      projectId: 'p-test-123',
      accountId: 'tpu-dev-dataproc',
      displayName: 'Dataproc worker',
    });
    new DataprocBatchTemplate(stack, 'preprocessing', { ...baseProps(), worker });
    const tf = JSON.parse(Testing.synth(stack)) as Json;
    const address = (type: string, pick: (r: Json) => boolean) => {
      const [name] = Object.entries(tf.resource[type] as Record<string, Json>).find(([, r]) => pick(r)) ?? [];
      expect(name).toBeDefined();
      return `${type}.${name}`;
    };
    const actAs = address('google_service_account_iam_member', (r) => r.role === 'roles/iam.serviceAccountUser');
    const creates = address(
      'google_project_iam_member',
      (r) => r.member === 'serviceAccount:scheduler@p-test-123.iam.gserviceaccount.com',
    );
    expect(one(tf, 'google_cloud_scheduler_job').depends_on).toEqual(expect.arrayContaining([actAs, creates]));
  });
});

describe('catalog: Serverless for Apache Spark 3.0 (Dec 2026 correction)', () => {
  it('runs with end-user credentials by default, needs dataprocrm.googleapis.com and uses no staging bucket', () => {
    expect(findDataprocRuntime('3.0')).toMatchObject({
      endUserCredentialsByDefault: true,
      requiredServices: ['dataprocrm.googleapis.com'],
      usesStagingBucket: false,
    });
    expect(runsAsDefined(findDataprocRuntime('3.0')!)).toBe(false);
    for (const v of ['1.2', '2.2', '2.3']) expect(runsAsDefined(findDataprocRuntime(v)!)).toBe(true);
    expect(DATAPROC_SERVERLESS.runtime30Source.checked).toBe('2026-12');
  });
});

describe('DataprocBatchTemplate: validation, one line per problem', () => {
  const cases: [string, Partial<DataprocBatchTemplateProps>, RegExp][] = [
    [
      'unknown runtime',
      { runtimeVersion: '9.9' },
      /^s\/preprocessing\.runtimeVersion="9\.9": not a Serverless for Apache Spark runtime version; allowed: 2\.3 \(supported on 2026-11-28\)$/,
    ],
    [
      'runtime past end of support',
      { runtimeVersion: '2.2' },
      /^s\/preprocessing\.runtimeVersion="2\.2": past its end of support \(2026-09-30\); allowed: 2\.3 \(/,
    ],
    [
      'runtime 3.0 (end-user credentials, dataprocrm, no staging bucket)',
      { runtimeVersion: '3.0' },
      /^s\/preprocessing\.runtimeVersion="3\.0": runs workloads with the caller's end-user credentials by default, needs dataprocrm\.googleapis\.com, uses no staging bucket, unlike this batch \(its own service account, a staging bucket\); allowed: 2\.3 \(supported on 2026-11-28\)$/,
    ],
    [
      'no service account',
      { worker: { ...fakeWorker(), email: '' } },
      /serviceAccountEmail="": empty: the batch would run as the Compute Engine default service account; allowed: /,
    ],
    [
      'ttl too short',
      { ttlSeconds: 599 },
      /ttlSeconds=599: outside the time-to-live Dataproc accepts; allowed: a whole number of seconds from 600 \(10 minutes\) to 1209600 \(14 days\)$/,
    ],
    ['ttl too long', { ttlSeconds: 1209601 }, /ttlSeconds=1209601: outside the time-to-live/],
    ['ttl fractional', { ttlSeconds: 3600.5 }, /ttlSeconds=3600\.5: outside the time-to-live/],
    [
      'staging bucket as gs:// URI',
      { stagingBucketName: 'gs://lake-bucket' },
      /stagingBucketName="gs:\/\/lake-bucket": a gs:\/\/ URI, not a bucket name; allowed: the bucket name alone/,
    ],
    [
      'staging bucket not a bucket name',
      { stagingBucketName: 'Lake_Bucket!' },
      /stagingBucketName="Lake_Bucket!": not a valid bucket name; allowed: 3-63 characters/,
    ],
    [
      'property key outside spark.*',
      { sparkProperties: { 'executor.cores': '4' } },
      /sparkProperties\["executor\.cores"\]="4": not a Spark property key; allowed: dotted keys starting with "spark\."/,
    ],
    [
      'property value not a string',
      { sparkProperties: { 'spark.executor.cores': 4 as unknown as string } },
      /sparkProperties\["spark\.executor\.cores"\]=4: not a string; allowed: string values/,
    ],
    [
      'template sequence in an argument',
      { args: ['--x=${var.y}'] },
      /args\[0\]="--x=\$\{var\.y\}": contains "\$\{" or "%\{", which Terraform would read as a template/,
    ],
    [
      'template sequence in a property',
      { sparkProperties: { 'spark.x': '%{if}' } },
      /sparkProperties\["spark\.x"\]="%\{if\}": contains/,
    ],
    [
      'main file not a .py URI',
      { mainPythonFileUri: 'gs://lake-bucket/scripts/job.jar' },
      /mainPythonFileUri="gs:\/\/lake-bucket\/scripts\/job\.jar": not a gs:\/\/ URI of a \.py file/,
    ],
    [
      'main file not on gs://',
      { mainPythonFileUri: '/tmp/job.py' },
      /mainPythonFileUri="\/tmp\/job\.py": not a gs:\/\/ URI of a \.py file/,
    ],
    [
      'bad cron',
      { schedule: '0 25 * * *' },
      /schedule="0 25 \* \* \*": not a valid schedule \("25" in hour is outside 0-23\); allowed: unix-cron with five fields/,
    ],
    [
      'cron with six fields',
      { schedule: '0 0 3 * * *' },
      /schedule="0 0 3 \* \* \*": not a valid schedule \(has 6 fields, not 5\)/,
    ],
    [
      'bad time zone',
      { timeZone: 'Mars/Olympus' },
      /timeZone="Mars\/Olympus": not a known tz database name; allowed: a tz database name/,
    ],
    ['bad name', { name: 'Preprocess' }, /name="Preprocess": not a template name; allowed: 4-40 characters/],
    [
      'bad label key',
      { labels: { Job: 'x' } },
      /labels\["Job"\]="x": not a valid label; allowed: keys 1-63 characters/,
    ],
    ['bad label value', { labels: { job: 'Pre Process' } }, /labels\["job"\]="Pre Process": not a valid label/],
    [
      'bad output name',
      { commandOutputName: 'run command' },
      /commandOutputName="run command": not a Terraform output name/,
    ],
  ];

  it.each(cases)('%s', (_what, change, message) => {
    const lines = problems(change);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
  });

  it('accepts a runtime on its last day of support', () => {
    expect(() => synth({ runtimeVersion: '2.2', today: '2026-09-30' })).not.toThrow();
  });

  it('reports every problem at once', () => {
    expect(problems({ ttlSeconds: 1, stagingBucketName: 'gs://x', runtimeVersion: '1.2' })).toHaveLength(3);
  });

  it('leaves tokens to Terraform', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    expect(
      () =>
        new DataprocBatchTemplate(stack, 'p', {
          ...baseProps(),
          stagingBucketName: v.stringValue,
          mainPythonFileUri: v.stringValue,
        }),
    ).not.toThrow();
  });

  it('wants a literal name, since ids derive from it', () => {
    const stack = new TerraformStack(Testing.app(), 's');
    const v = new TerraformVariable(stack, 'v', { type: 'string' });
    expect(() => new DataprocBatchTemplate(stack, 'p', { ...baseProps(), name: v.stringValue })).toThrow(
      /name="\$\{TfToken\[TOKEN\.\d+\]\}": a Terraform token; allowed: a literal name/,
    );
  });
});
