import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JANITOR_MARGIN_SECONDS, TPU_API } from '../src/catalog';
import { ENVIRONMENT_NAMES } from '../src/config';
import { parameterValuesProblems, pipelineSpecProblems, PipelineSpec } from '../constructs/training';
import { writePipelineFiles } from '../src/tools/delivery/pipeline-files';
import { bundleCli, runBundle } from './delivery-helpers';
import { runBundleInProcess } from './cli-in-process';
import { committedStack } from './committed-stacks';
import { envConfig } from './helpers';
import { ProtoMessages } from './proto-message';

type Json = Record<string, any>;

/** Google documents a Cloud Scheduler job as at most 100 KB (google.cloud.scheduler.v1.Job). */
const SCHEDULER_JOB_LIMIT_BYTES = 100 * 1024;
/** What a reference stands for at apply: 63 characters, longer than any name or email here. */
const STAND_IN = 'x'.repeat(63);

/**
 * The launcher body as Cloud Scheduler sends it: locals resolved (nested `jsonencode(local.x)` become
 * the JSON text of that local), every other reference a 63-character stand-in, then base64.
 */
function sentBodyBytes(tf: Json): number {
  const locals = tf.locals as Json;
  const resolve = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const nested = /^\$\{jsonencode\(local\.(\w+)\)\}$/.exec(v);
      if (nested) return JSON.stringify(resolve(locals[nested[1]]));
      return v.replace(/\$\{[^}]*\}/g, STAND_IN);
    }
    if (Array.isArray(v)) return v.map(resolve);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
    return v;
  };
  return Buffer.from(JSON.stringify(resolve(locals.vertex_pipeline_job_body))).toString('base64').length;
}

const TPU = new ProtoMessages(TPU_API.protosJson);

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('training runs in %s', (name) => {
  const env = envConfig(name);
  const { tf } = committedStack(name);
  const body = (tf.locals as Json).vertex_pipeline_job_body as Json;
  const spec = body.pipelineSpec as PipelineSpec;

  it('gives the launcher a request that carries the generated spec, which holds to the KFP checker', () => {
    expect(spec).toBeDefined();
    expect(body).not.toHaveProperty('templateUri');
    expect(pipelineSpecProblems(spec)).toEqual([]);
    expect(parameterValuesProblems(spec, body.runtimeConfig.parameterValues)).toEqual([]);
    const dag = (spec.root as Json).dag.tasks as Json;
    expect(Object.keys(dag).sort()).toEqual(['preprocess', 'publish', 'train']);
    expect(dag.train.dependentTasks).toContain('preprocess');
    expect(dag.publish.dependentTasks).toContain('train');
  });

  it('keeps the launcher job under the 100 KB Cloud Scheduler allows, measured as sent (base64)', () => {
    const bytes = sentBodyBytes(tf);
    expect(bytes).toBeGreaterThan(20_000); // the programs are really in it
    expect(bytes).toBeLessThan(SCHEDULER_JOB_LIMIT_BYTES * 0.9); // a tenth kept for the job's other fields
  });

  it('shows the TPU request in the plan (an output), and it holds to google.cloud.tpu.v2.QueuedResource', () => {
    const out = (tf.output as Json).training_tpu_request;
    expect(out.value).toBe('${local.training_tpu_request}');
    const request = JSON.parse(JSON.stringify((tf.locals as Json).training_tpu_request).replace(/\$\{[^}]*\}/g, 'x'));
    expect(TPU.problems('google.cloud.tpu.v2.QueuedResource', request)).toEqual([]);
    const capacity = { 'on-demand': 'guaranteed', spot: 'spot', reserved: 'reservationName' }[env.tpu.capacity];
    expect(request).toHaveProperty(capacity);
    expect(request.queueingPolicy.validUntilDuration).toBe(`${env.training.maxWaitMinutes * 60}s`);
  });

  it('bills no TPU outside runs unless the environment keeps a development VM', () => {
    const vms = Object.values((tf.resource.google_tpu_v2_vm ?? {}) as Json) as Json[];
    expect(vms).toHaveLength(env.tpu.devVm ? 1 : 0);
    for (const vm of vms) expect(vm.count).toBe('${var.enable_tpu_vm ? 1 : 0}');
    expect((tf.variable as Json).enable_tpu_vm).toMatchObject({ type: 'bool', default: env.tpu.devVm });
  });

  it('has a janitor in every stack (paused in dev, daily elsewhere) whose spec holds to the checker', () => {
    const job = Object.entries(tf.resource.google_cloud_scheduler_job as Json).find(([n]) =>
      n.startsWith('vertex-pipeline_janitor-launcher_'),
    )![1] as Json;
    expect(job.paused).toBe(env.training.janitorSchedule === null);
    expect(job.paused).toBe(name === 'dev');
    const janitor = (tf.locals as Json).vertex_pipeline_janitor_body as Json;
    expect(pipelineSpecProblems(janitor.pipelineSpec)).toEqual([]);
    expect(parameterValuesProblems(janitor.pipelineSpec, janitor.runtimeConfig.parameterValues)).toEqual([]);
    expect(janitor.runtimeConfig.parameterValues).toMatchObject({
      environment: name,
      max_age_seconds: env.training.runTimeoutHours * 3600 + JANITOR_MARGIN_SECONDS,
    });
    const alerts = Object.values(tf.resource.google_monitoring_alert_policy as Json) as Json[];
    expect(alerts.map((a) => a.display_name)).toContain(`[${name}] Janitor deleted an ACTIVE TPU request`);
  });

  it('uploads the default command under the code prefix, by content hash', () => {
    const objects = Object.values(tf.resource.google_storage_bucket_object as Json) as Json[];
    expect(objects.map((o) => o.name)).toContainEqual(expect.stringMatching(/^scripts\/prove-slice-[0-9a-f]{16}\.py$/));
  });
});

describe('npm run pipeline -- <env>', () => {
  const out = mkdtempSync(join(tmpdir(), 'pipeline-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('writes the spec, the TPU request and the parameters a reviewer reads', () => {
    const r = runBundle(bundleCli('pipeline'), ['staging'], { CDKTF_OUTDIR: out });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = join(out, 'pipeline', 'staging');
    const spec = JSON.parse(readFileSync(join(dir, 'pipeline-spec.json'), 'utf8'));
    expect(spec.schemaVersion).toBe('2.1.0');
    const request = JSON.parse(readFileSync(join(dir, 'tpu-request.json'), 'utf8'));
    expect(request.tpu.nodeSpec[0].node.labels).toMatchObject({ environment: 'staging', 'run-id': '__RUN_ID__' });
    expect(JSON.parse(readFileSync(join(dir, 'parameter-values.json'), 'utf8'))).toHaveProperty('max_restarts', 3);
  });

  it('refuses a stack without training runs in one line, and leaves the last files alone', async () => {
    const dir = join(out, 'pipeline', 'prod');
    expect(() => writePipelineFiles({ locals: {} }, dir)).toThrow(/no training runs in this environment/);
    expect(existsSync(dir)).toBe(false);
    // The bundle in this process (test/cli-in-process.ts): the test above spawned it.
    const r = await runBundleInProcess(bundleCli('pipeline'), ['prod', 'extra'], { CDKTF_OUTDIR: out });
    expect(r.status).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: arguments="extra": unexpected; allowed: npm run pipeline -- <env>',
    ]);
  });
});
