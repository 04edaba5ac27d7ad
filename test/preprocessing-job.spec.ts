import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { App, TerraformStack, Testing } from 'cdktf';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { PREPROCESS_SCRIPT, PreprocessingJob, PreprocessingJobProps } from '../constructs/preprocessing';
import { InputError } from '../src/core/errors';
import { componentOf } from '../src/core/labels';
import {
  decodeBody,
  evaluateSchedulerBody,
  fakeWorker,
  gcloudShape,
  restShape,
  terraformShape,
} from './dataproc-forms';
import { FakeBucket, fakeNetwork, fakeServiceAccount } from './fakes';
import { envConfig } from './helpers';
import { EnvironmentStack } from '../stacks/environment-stack';

type Json = Record<string, any>;

function props(change: Partial<PreprocessingJobProps> = {}): PreprocessingJobProps {
  return {
    projectId: 'p-test-123',
    region: 'us-central1',
    name: 'tpu-dev-preprocess',
    dataLake: new FakeBucket('lake-bucket'),
    network: fakeNetwork(),
    worker: fakeWorker(),
    invoker: fakeServiceAccount('scheduler'),
    runAtDeploy: true,
    today: '2026-11-28',
    ...change,
  };
}

function synth(change: Partial<PreprocessingJobProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 's');
  const job = new PreprocessingJob(stack, 'preprocessing', props(change));
  return { tf: JSON.parse(Testing.synth(stack)) as Json, job };
}

/** The one resource of a type (under the preprocessing construct, in a whole stack). */
const one = (tf: Json, type: string): Json => {
  const all = Object.entries(tf.resource?.[type] ?? {})
    .filter(([name]) => !name.startsWith('training_'))
    .map(([, r]) => r) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
};

const sha16 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex').slice(0, 16);

describe('PreprocessingJob: the script upload', () => {
  const { tf, job } = synth();
  const object = one(tf, 'google_storage_bucket_object');
  const hash = sha16(readFileSync(PREPROCESS_SCRIPT));

  it('uploads src/jobs/preprocess.py under scripts/, named by its content hash', () => {
    expect(job.scriptHash).toBe(hash);
    expect(object).toMatchObject({
      bucket: 'lake-bucket',
      name: `scripts/preprocess-${hash}.py`,
    });
  });

  it('sources it from the stack asset folder, by the same hash (no machine paths)', () => {
    expect(object.source).toMatch(new RegExp(`^assets/[\\w-]+/${hash}/preprocess\\.py$`));
    expect(object.content_type).toBe('text/x-python');
    expect(object.lifecycle).toEqual({ create_before_destroy: true });
  });

  it('points every form at the uploaded object, and makes the scheduler and deploy run wait for it', () => {
    const uri = `gs://lake-bucket/scripts/preprocess-${hash}.py`;
    const scheduler = one(tf, 'google_cloud_scheduler_job');
    const body = decodeBody(evaluateSchedulerBody(tf, scheduler.http_target.body).base64);
    const batch = one(tf, 'google_dataproc_batch');
    const gcloud = gcloudShape(tf.output.preprocessing_submit_command.value);
    for (const form of [restShape(body), terraformShape(batch), gcloud]) expect(form.mainPythonFileUri).toBe(uri);
    const objectAddress = `google_storage_bucket_object.${Object.keys(tf.resource.google_storage_bucket_object)[0]}`;
    expect(scheduler.depends_on).toContain(objectAddress);
    expect(batch.depends_on).toContain(objectAddress);
  });

  it('changes the object name, and so every form, when the file changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'preprocess-'));
    try {
      const changed = join(dir, 'preprocess.py');
      writeFileSync(changed, `${readFileSync(PREPROCESS_SCRIPT, 'utf8')}\n# changed\n`);
      const other = synth({ scriptPath: changed }).tf;
      const otherName = one(other, 'google_storage_bucket_object').name as string;
      expect(otherName).toBe(`scripts/preprocess-${sha16(readFileSync(changed))}.py`);
      expect(otherName).not.toBe(object.name);
      expect(other.output.preprocessing_submit_command.value).toContain(otherName);
      expect(one(other, 'google_dataproc_batch').batch_id).not.toBe(one(tf, 'google_dataproc_batch').batch_id);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('copies the file into the synthesized stack folder', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'synth-asset-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'dev');
      new GoogleProvider(stack, 'google', { project: 'p-test-123' });
      new PreprocessingJob(stack, 'preprocessing', props());
      app.synth();
      expect(readFileSync(join(outdir, 'stacks', 'dev', object.source as string), 'utf8')).toBe(
        readFileSync(PREPROCESS_SCRIPT, 'utf8'),
      );
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe('PreprocessingJob: the batch it defines', () => {
  it('reads raw-data/<dataset>, writes processed-data/<dataset>, with the job options as arguments', () => {
    const { tf } = synth({
      dataset: 'web',
      inputFormat: 'csv',
      requiredFields: ['text', 'url'],
      keyFields: ['url'],
      validationFraction: 0.1,
    });
    expect(gcloudShape(tf.output.preprocessing_submit_command.value).args).toEqual([
      '--input=gs://lake-bucket/raw-data/web',
      '--output=gs://lake-bucket/processed-data/web',
      '--format=csv',
      '--required-fields=text,url',
      '--key-fields=url',
      '--validation-fraction=0.1',
    ]);
  });

  it('defaults to JSON lines in raw-data/corpus, text required and deduplicated, 5% validation', () => {
    const { tf } = synth();
    const body = decodeBody(evaluateSchedulerBody(tf, one(tf, 'google_cloud_scheduler_job').http_target.body).base64);
    expect(body.pysparkBatch.args).toEqual([
      '--input=gs://lake-bucket/raw-data/corpus',
      '--output=gs://lake-bucket/processed-data/corpus',
      '--format=jsonl',
      '--required-fields=text',
      '--key-fields=text',
      '--validation-fraction=0.05',
    ]);
  });

  it('omits empty field lists (the job then deduplicates on whole records)', () => {
    const args = gcloudShape(
      synth({ requiredFields: [], keyFields: [] }).tf.output.preprocessing_submit_command.value,
    ).args;
    expect(args.some((a) => a.startsWith('--key-fields') || a.startsWith('--required-fields'))).toBe(false);
  });

  it('gives the worker read on the data lake and write on processed-data/ only, and names no staging bucket (Dataproc uses its own)', () => {
    const worker = fakeWorker();
    const dataLake = new FakeBucket('lake-bucket');
    const { tf } = synth({ worker, dataLake });
    expect(dataLake.grants).toEqual([
      { access: 'read', member: worker.member },
      { access: 'write', member: worker.member, prefixes: ['processed-data'] },
    ]);
    expect(worker.roles).toEqual(['roles/dataproc.worker']);
    expect(worker.actAs).toEqual([
      { member: 'serviceAccount:scheduler@p-test-123.iam.gserviceaccount.com', suffix: 'preprocessing-batch-invoker' },
    ]);
    expect(one(tf, 'google_dataproc_batch').environment_config.execution_config).not.toHaveProperty('staging_bucket');
  });

  it('stages in a bucket given by name, in every form of the batch', () => {
    const { tf } = synth({ stagingBucketName: 'my-staging' });
    expect(one(tf, 'google_dataproc_batch').environment_config.execution_config.staging_bucket).toBe('my-staging');
    expect(JSON.stringify(tf.output)).toContain('--staging-bucket=my-staging');
  });

  it('labels its resources as the preprocessing component', () => {
    const { job } = synth();
    expect(componentOf(job.template.deployRun!)).toBe('preprocessing');
    expect(componentOf(job.scriptObject)).toBe('preprocessing');
  });
});

describe('PreprocessingJob: validation', () => {
  const cases: [string, Partial<PreprocessingJobProps>, RegExp][] = [
    ['dataset', { dataset: 'Web Data' }, /dataset="Web Data": not a dataset folder name; allowed: 1-63 of a-z/],
    [
      'format',
      { inputFormat: 'avro' as 'csv' },
      /inputFormat="avro": not a supported input format; allowed: jsonl, csv, parquet$/,
    ],
    ['field name', { keyFields: ['a,b'] }, /keyFields\[0\]="a,b": not a field name; allowed: letters, digits and _/],
    ['required field name', { requiredFields: ['1st'] }, /requiredFields\[0\]="1st": not a field name/],
    [
      'fraction 0',
      { validationFraction: 0 },
      /validationFraction=0: not a share of the records; allowed: a number strictly between 0 and 1/,
    ],
    ['fraction 1', { validationFraction: 1 }, /validationFraction=1: not a share/],
  ];
  it.each(cases)('%s', (_what, change, message) => {
    try {
      synth(change);
      throw new Error('expected an InputError');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).problems).toEqual([expect.stringMatching(message)]);
    }
  });
});

describe('PreprocessingJob in an environment stack (as wired in stacks/environment-stack.ts)', () => {
  const env = envConfig('prod', (e) => {
    e.preprocessing.runAtDeploy = true;
  });
  const stack = new EnvironmentStack(Testing.app(), env);
  const tf = JSON.parse(Testing.synth(stack)) as Json;

  it('reads the stack variables and the environment schedule', () => {
    const job = (Object.values(tf.resource.google_cloud_scheduler_job) as Json[]).find(
      (j) => j.name === 'tpu-prod-preprocess',
    ) as Json;
    expect(job).toMatchObject({
      name: 'tpu-prod-preprocess',
      schedule: '0 3 * * *',
      paused: false,
      project: '${var.project_id}',
      region: '${var.region}',
    });
    expect(job.http_target.uri).toBe(
      'https://dataproc.googleapis.com/v1/projects/${var.project_id}/locations/${var.region}/batches',
    );
    expect(one(tf, 'google_storage_bucket_object').bucket).toBe(
      '${' + `${stack.dataLake.bucket.terraformResourceType}.${stack.dataLake.bucket.friendlyUniqueId}.name}`,
    );
  });

  it('gives all three forms the stack labels (environment, component, managed-by and the environment labels)', () => {
    const labels = { ...env.labels, environment: 'prod', component: 'preprocessing', 'managed-by': 'cdktf' };
    const local = (Object.values(tf.locals as Json) as Json[]).find((l) => 'pysparkBatch' in l) as Json;
    expect(local.labels).toEqual(labels);
    expect(one(tf, 'google_dataproc_batch').labels).toEqual(labels);
    expect(gcloudShape(tf.output.preprocessing_submit_command.value).labels).toEqual(labels);
  });

  it('makes each new resource wait for its API', () => {
    const needs = (type: string, api: string) =>
      expect(one(tf, type).depends_on).toContainEqual(
        expect.stringMatching(new RegExp(`^google_project_service\\.services_${api.split('.')[0]}_\\w+$`)),
      );
    const job = (Object.values(tf.resource.google_cloud_scheduler_job) as Json[]).find(
      (j) => j.name === 'tpu-prod-preprocess',
    ) as Json;
    expect(job.depends_on).toContainEqual(
      expect.stringMatching(/^google_project_service\.services_cloudscheduler_\w+$/),
    );
    // ... and for the scheduler's right to act as the Dataproc worker (granted on the worker's account).
    const actAs = Object.entries(tf.resource.google_service_account_iam_member as Record<string, Json>).filter(
      ([, g]) =>
        g.member ===
          `\${${stack.identities.scheduler.account.terraformResourceType}.${stack.identities.scheduler.account.friendlyUniqueId}.member}` &&
        g.service_account_id.includes(stack.identities.dataprocWorker.account.friendlyUniqueId),
    );
    expect(actAs).toHaveLength(1);
    expect(job.depends_on).toContain(`google_service_account_iam_member.${actAs[0][0]}`);
    needs('google_dataproc_batch', 'dataproc.googleapis.com');
    needs('google_project_iam_custom_role', 'iam.googleapis.com');
    needs('google_storage_bucket_object', 'storage.googleapis.com');
  });
});
