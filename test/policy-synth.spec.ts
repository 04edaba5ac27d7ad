import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { App, Testing } from 'cdktf';
import { invokeAspects } from 'cdktf/lib/synthesize/synthesizer';
import { Construct } from 'constructs';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { StorageBucketIamMember } from '@cdktf/provider-google/lib/storage-bucket-iam-member';
import { GoogleTpuV2Vm } from '@cdktf/provider-google-beta/lib/google-tpu-v2-vm';
import { ENVIRONMENT_NAMES, EnvironmentConfig } from '../src/config';
import { InputError } from '../src/core/errors';
import { evaluate, PolicyError, suppress } from '../src/policy';
import { BuildAppOptions } from '../stacks/app';
import { EnvironmentStack } from '../stacks/environment-stack';
import { STAGING, synthesizeStacks } from '../stacks/synthesize';
import { envConfig } from './helpers';

const SAFE = { location: 'US-CENTRAL1', uniformBucketLevelAccess: true, publicAccessPrevention: 'enforced' };

function stackWith(
  env: EnvironmentConfig,
  add: (s: EnvironmentStack) => void,
  app: App = Testing.app(),
): EnvironmentStack {
  const stack = new EnvironmentStack(app, env);
  add(stack);
  return stack;
}

/**
 * The stack's JSON with cdktf metadata, after aspects, as Testing.synth makes it before it strips
 * every "//" key: aspects invoked, then toTerraform (which runs the policy check) once.
 */
function synthJson(stack: EnvironmentStack): Record<string, unknown> {
  invokeAspects(stack);
  return stack.toTerraform();
}

function policyError(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error('expected a PolicyError');
}

/**
 * An environment as committed, but with a notification address: the committed ones have none, so
 * each of their stacks carries one warning (TPU-MON-001), which the tests of other rules leave aside.
 */
function withChannel(name: (typeof ENVIRONMENT_NAMES)[number]): EnvironmentConfig {
  return envConfig(name, (e) => (e.monitoring.notificationEmails = ['ml-oncall@acme-ml.io']));
}

describe('at synth, on every environment stack', () => {
  it.each(ENVIRONMENT_NAMES.map((n) => [n]))(
    'the committed %s stack passes, warning only that no alert notifies anyone',
    (name) => {
      const stack = stackWith(envConfig(name), () => undefined);
      expect(evaluate(synthJson(stack)).findings).toEqual([
        expect.objectContaining({ rule: 'TPU-MON-001', level: 'warning' }),
      ]);
      expect(evaluate(synthJson(stackWith(withChannel(name), () => undefined))).findings).toEqual([]);
    },
  );

  it('an error-level finding fails the synth, one line per finding, naming the construct', () => {
    const stack = stackWith(withChannel('dev'), (s) => {
      const lake = new StorageBucket(s, 'lake', { name: 'lake', ...SAFE, publicAccessPrevention: 'inherited' });
      new StorageBucketIamMember(s, 'public', {
        bucket: lake.name,
        role: 'roles/storage.objectViewer',
        member: 'allUsers',
      });
    });
    const err = policyError(() => Testing.synth(stack));
    expect(err).toBeInstanceOf(InputError);
    expect(err.render()).toEqual([
      'error: policy check failed in dev (2 errors, 0 warnings, 0 suppressed); fix each, or suppress it with a reason',
      expect.stringMatching(
        /^error: \[dev\] TPU-GCS-001 google_storage_bucket_iam_member.public \(dev\/public\): grants roles\/storage.objectViewer to allUsers: .*; fix: .* \[CKV_GCP_28\]$/,
      ),
      expect.stringMatching(
        /^error: \[dev\] TPU-GCS-003 google_storage_bucket.lake \(dev\/lake\): public_access_prevention is "inherited"/,
      ),
    ]);
  });

  it("fails the synth when a workload could rewrite the preprocessing job's script (bucket-wide write)", () => {
    const stack = stackWith(withChannel('dev'), (s) => {
      new StorageBucketIamMember(s, 'trainer-writes-everything', {
        bucket: s.dataLake.bucketName,
        role: 'roles/storage.objectUser',
        member: s.identities.tpuTrainer.member,
      });
    });
    const err = policyError(() => Testing.synth(stack));
    expect(err.render()).toEqual([
      'error: policy check failed in dev (1 error, 0 warnings, 0 suppressed); fix each, or suppress it with a reason',
      expect.stringMatching(
        /^error: \[dev\] TPU-IAM-006 google_storage_bucket_iam_member\.trainer-writes-everything \(dev\/trainer-writes-everything\): grants roles\/storage\.objectUser to google_service_account\.identities_tpu-trainer_account_\w+, which reaches gs:\/\/tpu-train-dev-data-lake\/scripts\/preprocess-[0-9a-f]{16}\.py, code that google_cloud_scheduler_job\.preprocessing_batch_schedule_\w+ runs/,
      ),
    ]);
  });

  it('sees the labels the stack aspect adds and the provider default_labels (labels rule passes)', () => {
    const stack = stackWith(withChannel('dev'), (s) => new StorageBucket(s, 'lake', { name: 'lake', ...SAFE }));
    expect(evaluate(synthJson(stack)).findings).toEqual([]);
  });

  it('checks the JSON before `cdktf synth --hcl` writes HCL', () => {
    const stack = stackWith(
      envConfig('dev'),
      (s) => new StorageBucket(s, 'lake', { name: 'lake', ...SAFE, uniformBucketLevelAccess: false }),
    );
    expect(() => Testing.synthHcl(stack)).toThrow(/TPU-GCS-002 google_storage_bucket.lake/);
  });
});

describe('suppress(construct, rule, reason)', () => {
  it('accepts the finding on every resource under the construct, and the output shows the reason', () => {
    const stack = stackWith(withChannel('prod'), (s) => {
      const scratch = new Construct(s, 'scratch');
      suppress(scratch, 'TPU-GCS-004', 'holds only re-creatable Dataproc staging files');
      new StorageBucket(scratch, 'bucket', { name: 'scratch', ...SAFE, forceDestroy: true });
    });
    const tf = synthJson(stack);
    const report = evaluate(tf);
    expect(report.findings).toEqual([
      expect.objectContaining({
        rule: 'TPU-GCS-004',
        address: 'google_storage_bucket.scratch_bucket_6D4DDF17',
        suppressedBecause: 'holds only re-creatable Dataproc staging files',
      }),
    ]);
    // The suppression travels in the JSON, so `npm run policy` over cdktf.out agrees with synth.
    const body = (tf.resource as Record<string, Record<string, Record<string, unknown>>>).google_storage_bucket
      .scratch_bucket_6D4DDF17;
    expect(body['//']).toMatchObject({
      suppressions: [{ rule: 'TPU-GCS-004', reason: 'holds only re-creatable Dataproc staging files' }],
    });
  });

  it('does not reach sibling constructs', () => {
    const stack = stackWith(withChannel('prod'), (s) => {
      suppress(new Construct(s, 'other'), 'TPU-GCS-004', 'a reason');
      new StorageBucket(s, 'lake', { name: 'lake', ...SAFE });
    });
    expect(() => Testing.synth(stack)).toThrow(
      /TPU-GCS-004 google_storage_bucket.lake \(prod\/lake\): labelled environment=prod and lifecycle.prevent_destroy is not true/,
    );
  });

  it('refuses an empty reason at once, naming the construct and the rule', () => {
    const stack = stackWith(withChannel('dev'), () => undefined);
    expect(() => suppress(stack, 'TPU-GCS-004', ' ')).toThrow(InputError);
    expect(() => suppress(stack, 'TPU-GCS-004', '')).toThrow(
      'suppress(dev, "TPU-GCS-004"): reason="": empty; allowed: a sentence saying why the finding is acceptable here',
    );
  });

  it('refuses a rule id the pack does not have', () => {
    const stack = stackWith(withChannel('dev'), () => undefined);
    expect(() => suppress(stack, 'TPU-GCS-04', 'typo')).toThrow(
      /^suppress\(dev\): rule="TPU-GCS-04": not a rule of the policy pack; allowed: TPU-GCS-001, /,
    );
  });
});

describe('staged synth (npm run synth and main.ts)', () => {
  const root = mkdtempSync(join(tmpdir(), 'policy-synth-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** Builds the real app, then adds `add` to every stack (as a construct on another branch would). */
  const builder =
    (add: (s: EnvironmentStack) => void) => (envs: readonly EnvironmentConfig[], options: BuildAppOptions) => {
      const app = new App({ outdir: options.outdir, skipValidation: false });
      for (const env of envs) stackWith(env, add, app);
      return app;
    };

  it('lists the findings of every failing stack and leaves the last good output untouched', () => {
    const outdir = join(root, 'bad', 'cdktf.out');
    const file = join(outdir, 'stacks', 'dev', 'cdk.tf.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, 'last good output');
    const err = policyError(() =>
      synthesizeStacks(
        {},
        outdir,
        builder((s) => new StorageBucket(s, 'lake', { name: `${s.env.name}-lake`, ...SAFE })),
      ),
    );
    expect(err.render()[0]).toBe(
      `error: policy check failed in prod (1 error, 1 warning, 0 suppressed); "${outdir}" was left as it was`,
    );
    expect(
      err
        .render()
        .slice(1)
        .filter((l) => !l.includes('TPU-MON-001')),
    ).toEqual([expect.stringMatching(/^error: \[prod\] TPU-GCS-004 google_storage_bucket.lake \(prod\/lake\): /)]);
    expect(readFileSync(file, 'utf8')).toBe('last good output');
    expect(existsSync(join(outdir, 'manifest.json'))).toBe(false);
    expect(existsSync(join(outdir, STAGING))).toBe(false);
  });

  it('writes the output when only warnings remain, and returns them', () => {
    mkdirSync(join(root, 'warn'));
    const outdir = join(root, 'warn', 'cdktf.out');
    const result = synthesizeStacks(
      { ENVIRONMENT: 'dev' },
      outdir,
      builder((s) => {
        new StorageBucket(s, 'lake', { name: 'lake', ...SAFE, location: 'US' });
        new GoogleTpuV2Vm(s, 'extra-tpu', {
          provider: s.googleBeta,
          name: 'trainer',
          zone: s.inputs.zone,
          runtimeVersion: 'v2-alpha-tpuv6e',
          acceleratorType: 'v6e-4',
          networkConfig: { enableExternalIps: false },
          serviceAccount: {
            email: 'trainer@p-123456.iam.gserviceaccount.com',
            scope: ['https://www.googleapis.com/auth/cloud-platform'],
          },
        });
      }),
    );
    expect(result.stacks).toEqual(['dev']);
    expect(result.policy.map((p) => p.report.findings.map((f) => `${f.level} ${f.rule} ${f.address}`))).toEqual([
      ['warning TPU-GCS-005 google_storage_bucket.lake', expect.stringMatching(/^warning TPU-MON-001 /)],
    ]);
    expect(existsSync(join(outdir, 'stacks', 'dev', 'cdk.tf.json'))).toBe(true);
  });
});
