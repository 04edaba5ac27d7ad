import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportRootModule } from '../src/tools/delivery/export-im';
import { withSynthesizedStack } from '../src/tools/delivery/synth-one';

/**
 * The exported module's input checks, run by the real Terraform CLI: the variables and the
 * `terraform_data` preconditions need no provider, so `terraform plan` evaluates them with no
 * `terraform init`, no download and no credentials. Skipped where no Terraform CLI is installed.
 */
const hasTerraform = spawnSync('terraform', ['version'], { encoding: 'utf8' }).status === 0;

(hasTerraform ? describe : describe.skip)('a bad --input-values fails at plan, with a clear message', () => {
  const work = mkdtempSync(join(tmpdir(), 'tf-inputs-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const out = join(work, 'export');
  withSynthesizedStack('dev', {}, (stackDir) => exportRootModule(stackDir, out));
  const full = JSON.parse(readFileSync(join(out, 'main.tf.json'), 'utf8'));
  const dir = join(work, 'inputs-only');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'main.tf.json'),
    JSON.stringify({ variable: full.variable, resource: { terraform_data: full.resource.terraform_data } }),
  );

  const plan = (vars: Record<string, string>) =>
    spawnSync(
      'terraform',
      ['plan', '-input=false', '-no-color', '-lock=false', ...Object.entries(vars).map(([k, v]) => `-var=${k}=${v}`)],
      {
        cwd: dir,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: work,
          CHECKPOINT_DISABLE: '1',
          TF_IN_AUTOMATION: '1',
          TF_DATA_DIR: join(work, '.terraform'),
        },
      },
    );
  const oneLine = (text: string) => text.replace(/\s*│\s*/g, ' ').replace(/\s+/g, ' ');

  it('plans with a project id and the defaults', () => {
    const r = plan({ project_id: 'my-project-123' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('terraform_data.input_checks will be created');
  });

  it('requires project_id', () => {
    const r = plan({});
    expect(r.status).toBe(1);
    expect(oneLine(r.stderr)).toContain('No value for required variable');
    expect(r.stderr).toContain('"project_id"');
  });

  it('rejects each bad single value with the rule', () => {
    const r = plan({
      project_id: 'Bad_Project',
      zone: 'us-central2-b',
      tpu_accelerator_type: 'v5e-8',
      bucket_name: 'google-data',
      enable_vertex_ai: 'maybe',
    });
    expect(r.status).toBe(1);
    const text = oneLine(r.stderr);
    expect(text).toContain('project_id must be a valid project id');
    expect(text).toContain('zone must be a zone that offers TPU v6e');
    expect(text).toContain('tpu_accelerator_type must be a TPU v6e accelerator type');
    expect(text).toContain('bucket_name must not start with "goog" or contain "google"');
    expect(text).toContain('a bool is required');
  });

  it('rejects a zone outside the region (a precondition: it involves two variables)', () => {
    const r = plan({ project_id: 'my-project-123', zone: 'us-east1-d' });
    expect(r.status).toBe(1);
    const text = oneLine(r.stderr);
    expect(text).toContain('Resource precondition failed');
    expect(text).toContain('zone must lie in region');
    expect(plan({ project_id: 'my-project-123', zone: 'us-east1-d', region: 'us-east1' }).status).toBe(0);
  });

  it('rejects a zone that cannot serve the configured capacity (dev: spot), with the rule', () => {
    const r = plan({ project_id: 'my-project-123', zone: 'us-east4-a', region: 'us-east4' });
    expect(r.status).toBe(1);
    const text = oneLine(r.stderr);
    expect(text).toContain('Resource precondition failed');
    expect(text).toContain('zone must serve the TPU\'s capacity "spot"');
    expect(text).toContain('input_checks.lifecycle.precondition[1]');
    expect(text).not.toContain('precondition[0]');
    for (const [zone, region] of [
      ['us-west1-c', 'us-west1'],
      ['us-east5-a', 'us-east5'],
    ])
      expect(plan({ project_id: 'my-project-123', zone, region }).status).toBe(0);
    expect(
      oneLine(plan({ project_id: 'my-project-123', zone: 'us-south1-ai1b', region: 'us-south1' }).stderr),
    ).toContain('zone must serve the TPU\'s capacity "spot"');
  });
});
