import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STATEFUL_RESOURCE_TYPES } from '../src/catalog';
import { planEnvironment, renderSummary, summarizePlan } from '../src/tools/delivery/plan-summary';
import { runBundleInProcess } from './cli-in-process';
import { bundleCli, runBundle } from './delivery-helpers';

const PLANS = join(__dirname, 'fixtures', 'plans');
const load = (file: string) => summarizePlan(JSON.parse(readFileSync(join(PLANS, file), 'utf8')), join(PLANS, file));

describe('summarizePlan on hand-written plans', () => {
  it('a TPU replaced because its accelerator type changed: counted, and a warning naming the attribute', () => {
    const s = load('replace-tpu.json');
    expect(s.env).toBe('dev');
    expect(s.counts).toEqual({ create: 0, update: 1, replace: 1, delete: 0 });
    expect(s.dangers.map((d) => [d.address, d.action, d.forcedBy])).toEqual([
      ['google_tpu_v2_vm.tpu_vm', 'replace', ['accelerator_type']],
    ]);
    const md = renderSummary([s]);
    expect(md).toContain('> [!CAUTION]');
    expect(md).toContain(
      '**dev: `google_tpu_v2_vm.tpu_vm` (TPU v6e VM) will be REPLACED (destroyed and created again).**',
    );
    expect(md).toContain('Forced by: `accelerator_type`.');
  });

  it('a deleted data bucket: the environment from the resource labels, the bucket named as the data lake', () => {
    const s = load('delete-bucket.json');
    expect(s.env).toBe('staging');
    expect(s.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 2 });
    expect(s.dangers.map((d) => d.address)).toEqual(['google_storage_bucket.data_lake']);
    expect(renderSummary([s])).toContain(
      '**staging: `google_storage_bucket.data_lake` (the data lake bucket) will be DELETED.** Lost: every object in it',
    );
  });

  it('no changes: zero counts, no warning, the environment from the file name', () => {
    const s = load('plan-prod-noop.json');
    expect(s.env).toBe('prod');
    expect(s.counts).toEqual({ create: 0, update: 0, replace: 0, delete: 0 });
    const md = renderSummary([s]);
    expect(md).not.toContain('CAUTION');
    expect(md).toContain('**prod**: no changes.');
    expect(md).toContain('| prod | 0 | 0 | 0 | 0 |');
  });

  it('mixed: toggled-off Vertex AI, a replaced firewall (no warning), a replaced state bucket (warning)', () => {
    const s = load('mixed.json');
    expect(s.counts).toEqual({ create: 1, update: 1, replace: 2, delete: 2 });
    expect(s.dangers.map((d) => d.address)).toEqual([
      'google_vertex_ai_tensorboard.tensorboard[0]',
      'google_storage_bucket.state_bucket',
    ]);
    const md = renderSummary([s]);
    expect(md).toContain('(the Terraform state bucket) will be REPLACED');
    expect(md).toContain('the environment stack loses track of every resource it manages');
    expect(md).not.toContain('`google_compute_firewall.internal` (');
    expect(md).toContain('| replace | `google_compute_firewall.internal` |');
  });

  it('renders every plan in one table, warnings first, with the marker the workflow looks for', () => {
    const md = renderSummary(['replace-tpu.json', 'delete-bucket.json', 'plan-prod-noop.json'].map(load));
    expect(md.startsWith('<!-- plan-summary -->\n## Terraform plan\n')).toBe(true);
    expect(md).toContain(
      '| environment | create | update | replace | delete |\n|---|---:|---:|---:|---:|\n| dev | 0 | 1 | 1 | 0 |\n| staging | 0 | 0 | 0 | 2 |\n| prod | 0 | 0 | 0 | 0 |',
    );
    expect(md).toContain('**2 stateful or expensive resource(s) would be replaced or deleted.**');
    expect(md.indexOf('CAUTION')).toBeLessThan(md.indexOf('<details>'));
  });

  it('refuses what is not a plan', () => {
    expect(() => summarizePlan({ resource_changes: [] }, 'x.json')).toThrow(
      'file="x.json": not a plan; allowed: the output of terraform show -json <planfile>',
    );
  });

  it('takes the environment from the file name when the plan does not say', () => {
    expect(planEnvironment({}, 'plans/plan-staging.json')).toBe('staging');
    expect(planEnvironment({}, 'cdktf.out/stacks/dev/plan.json')).toBe('dev');
    expect(planEnvironment({}, 'other.json')).toBe('other');
  });

  it('a first apply with a time_sleep: the time provider (no configuration) does not hide the environment, the sleep is an ordinary create', () => {
    const plan = {
      format_version: '1.2',
      configuration: {
        provider_config: {
          time: { name: 'time', full_name: 'registry.terraform.io/hashicorp/time', version_constraint: '0.13.1' },
          google: {
            name: 'google',
            expressions: { default_labels: { constant_value: { environment: 'dev', 'managed-by': 'cdktf' } } },
          },
        },
      },
      resource_changes: [
        {
          address: 'time_sleep.wait',
          type: 'time_sleep',
          mode: 'managed',
          change: { actions: ['create'], before: null, after: { create_duration: '60s' } },
        },
        {
          address: 'google_tpu_v2_vm.tpu_vm',
          type: 'google_tpu_v2_vm',
          mode: 'managed',
          change: { actions: ['create'], before: null, after: {} },
        },
      ],
    };
    const s = summarizePlan(plan, 'plan.json');
    expect(s.env).toBe('dev');
    expect(s.counts).toEqual({ create: 2, update: 0, replace: 0, delete: 0 });
    expect(s.dangers).toEqual([]);
  });

  it('keeps the stateful types in the catalog: data bucket, TPU, KMS', () => {
    expect(Object.keys(STATEFUL_RESOURCE_TYPES)).toEqual(
      expect.arrayContaining(['google_storage_bucket', 'google_tpu_v2_vm', 'google_kms_crypto_key']),
    );
  });
});

// The first test spawns the bundle; the refusals run it in this process (test/cli-in-process.ts).
describe('npm run plan-summary', () => {
  const bundle = bundleCli('plan-summary');

  it('prints the Markdown summary of the given plans', () => {
    const r = runBundle(bundle, [join(PLANS, 'replace-tpu.json'), join(PLANS, 'plan-prod-noop.json')]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('| dev | 0 | 1 | 1 | 0 |');
    expect(r.stdout).toContain('google_tpu_v2_vm.tpu_vm');
  });

  it.each([
    [[], 'error: <plan.json>: missing; allowed: npm run plan-summary -- plan-dev.json [plan-staging.json ...]'],
    [
      ['no-such.json'],
      'error: file="no-such.json": not found; allowed: a file written by terraform show -json <planfile>',
    ],
    [
      ['package.json'],
      'error: file="package.json": not a plan; allowed: the output of terraform show -json <planfile>',
    ],
  ])('on %j prints one line and exits 1', async (args, line) => {
    const r = await runBundleInProcess(bundle, args);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('names every bad file at once, one line each, and prints no summary', async () => {
    const r = await runBundleInProcess(bundle, ['no-such.json', 'package.json']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: file="no-such.json": not found; allowed: a file written by terraform show -json <planfile>',
      'error: file="package.json": not a plan; allowed: the output of terraform show -json <planfile>',
    ]);
  });
});
