import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOOLCHAIN } from '../src/toolchain';
import { ENVIRONMENT_NAMES, STACK_INPUTS } from '../src/config';
import { assetReferences, exportRootModule, toRootModule } from '../src/tools/delivery/export-im';
import { withSynthesizedStack } from '../src/tools/delivery/synth-one';
import { checkTerraformCompat } from '../src/tools/delivery/tf-compat';
import { PREPROCESS_SCRIPT } from '../constructs/preprocessing';
import { runBundleInProcess } from './cli-in-process';
import { bundleCli, ROOT, runBundle, synthWorkload } from './delivery-helpers';

const FIXTURE = join(__dirname, 'fixtures', 'stack-with-assets');
const work = mkdtempSync(join(tmpdir(), 'export-im-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

type Json = Record<string, any>;
const read = (dir: string): Json => JSON.parse(readFileSync(join(dir, 'main.tf.json'), 'utf8'));

describe('export for Infrastructure Manager, on the workload fixture (real synth)', () => {
  const { stackDir } = synthWorkload();
  const out = join(work, 'workload', 'infra-manager', 'dev');
  const result = exportRootModule(stackDir, out);
  const module = read(out);
  /** The preprocessing job uploads src/jobs/preprocess.py; its asset folder is named for the first 16 hex digits of its SHA-256. */
  const script = readFileSync(join(ROOT, PREPROCESS_SCRIPT));
  const scriptHash = createHash('sha256').update(script).digest('hex').slice(0, 16);

  it('writes main.tf.json and the uploaded preprocessing script, nothing else', () => {
    expect(result.files).toEqual([...result.assets, 'main.tf.json']);
    expect(result.assets).toEqual([
      expect.stringMatching(new RegExp(`^assets/preprocessing_script_[0-9A-F]{8}/${scriptHash}/preprocess\\.py$`)),
      expect.stringMatching(/^assets\/training_prove-slice_[0-9A-F]{8}\/[0-9a-f]{16}\/prove_slice\.py$/),
    ]);
  });

  it('has no backend block and no cdktf metadata', () => {
    expect(module.terraform.backend).toBeUndefined();
    expect(JSON.stringify(module)).not.toContain('"//"');
    expect(module.terraform.required_version).toBe('>= 1.5.0');
  });

  it('keeps the ten stack input variables, project_id required and the others defaulted', () => {
    expect(Object.keys(module.variable).sort()).toEqual(STACK_INPUTS.map((i) => i.variable).sort());
    expect(module.variable.project_id).not.toHaveProperty('default');
    expect(module.variable.project_id.validation).toHaveLength(1);
    for (const input of STACK_INPUTS.filter((i) => i.variable !== 'project_id'))
      expect(module.variable[input.variable]).toHaveProperty('default');
  });

  it('configures the providers from var.project_id and var.region', () => {
    for (const p of ['google', 'google-beta'])
      expect(module.provider[p][0]).toMatchObject({ project: '${var.project_id}', region: '${var.region}' });
  });

  it('declares and pins every provider its resources use, time (time_sleep) included', () => {
    const types = Object.keys(module.resource);
    expect(types).toContain('time_sleep');
    expect(Object.keys(module.terraform.required_providers).sort()).toEqual(['google', 'google-beta', 'time']);
    expect(module.terraform.required_providers.time).toEqual({
      source: 'hashicorp/time',
      version: TOOLCHAIN.timeProviderVersion,
    });
    expect(module.provider.time).toEqual([{}]);
  });

  it('references each asset by a path that resolves inside the folder, with the bytes of src/jobs/preprocess.py', () => {
    const objects = Object.values(module.resource.google_storage_bucket_object) as Json[];
    expect(objects).toHaveLength(2);
    const object = objects.find((o) => String(o.name).startsWith('scripts/preprocess-'))!;
    const program = objects.find((o) => String(o.name).startsWith('scripts/prove-slice-'))!;
    expect(existsSync(join(out, program.source))).toBe(true);
    expect(object.source).toBe(result.assets[0]);
    expect(object.name).toBe(`scripts/preprocess-${scriptHash}.py`);
    expect(readFileSync(join(out, object.source)).equals(script)).toBe(true);
  });

  it('keeps the toggles (count) and the zone-in-region precondition', () => {
    expect(Object.values(module.resource.google_vertex_ai_tensorboard)[0]).toHaveProperty(
      'count',
      '${var.enable_vertex_ai ? 1 : 0}',
    );
    expect(module.resource.terraform_data.input_checks.lifecycle.precondition[0].condition).toContain('var.region');
  });

  it('loads in Terraform 1.5.7', () => {
    expect(checkTerraformCompat(module)).toEqual([]);
  });
});

describe('export of a hand-made stack folder', () => {
  it('copies exactly the referenced assets, found in plain paths and in expressions, and no gs:// look-alikes', () => {
    const out = join(work, 'hand', 'dev');
    const result = exportRootModule(FIXTURE, out);
    expect(result.assets).toEqual([
      'assets/job-config/FFEEDDCCBBAA99887766554433221100/job.yaml',
      'assets/preprocess-script/0A1B2C3D4E5F60718293A4B5C6D7E8F9/preprocess.py',
    ]);
    expect(existsSync(join(out, 'assets/stale'))).toBe(false);
    for (const asset of result.assets)
      expect(readFileSync(join(out, asset), 'utf8')).toBe(readFileSync(join(FIXTURE, asset), 'utf8'));
    const module = read(out);
    expect(module.terraform).not.toHaveProperty('backend');
    expect(module.resource.google_storage_bucket_object.job_config.count).toBe('${var.enable_vertex_ai ? 1 : 0}');
  });

  it('replaces a previous export completely', () => {
    const out = join(work, 'again', 'dev');
    exportRootModule(FIXTURE, out);
    writeFileSync(join(out, 'leftover.tf'), 'resource "x" "y" {}');
    exportRootModule(FIXTURE, out);
    expect(existsSync(join(out, 'leftover.tf'))).toBe(false);
  });

  it('refuses a stack whose asset is missing, and leaves the last export alone', () => {
    const broken = join(work, 'broken');
    cpSync(FIXTURE, broken, { recursive: true });
    rmSync(join(broken, 'assets', 'job-config'), { recursive: true });
    const out = join(work, 'broken-out', 'dev');
    exportRootModule(FIXTURE, out);
    expect(() => exportRootModule(broken, out)).toThrow(
      'asset "assets/job-config/FFEEDDCCBBAA99887766554433221100/job.yaml": referenced by the stack but not synthesized; allowed: paths of TerraformAsset objects',
    );
    expect(existsSync(join(out, 'assets/job-config'))).toBe(true);
  });

  it('refuses a stack that needs a Terraform newer than 1.5.7', () => {
    const newer = join(work, 'newer');
    cpSync(FIXTURE, newer, { recursive: true });
    const tf = JSON.parse(readFileSync(join(newer, 'cdk.tf.json'), 'utf8'));
    tf.removed = [{ from: 'google_storage_bucket.old', lifecycle: { destroy: false } }];
    writeFileSync(join(newer, 'cdk.tf.json'), JSON.stringify(tf));
    expect(() => exportRootModule(newer, join(work, 'newer-out'))).toThrow(
      'main.tf.json: removed: "removed" block needs Terraform 1.7',
    );
  });

  it('refuses a stack without the stack input variables', () => {
    const tf = JSON.parse(readFileSync(join(FIXTURE, 'cdk.tf.json'), 'utf8'));
    delete tf.variable.subnet_name;
    expect(() => toRootModule(tf)).toThrow(
      'variable.subnet_name: missing from the stack; allowed: every stack input is a variable (stacks/inputs.ts)',
    );
  });

  it('finds asset paths only where a path can start', () => {
    expect(
      assetReferences({
        a: 'assets/x/ABC/f.py',
        b: '${file("assets/y/DEF/g.sh")}',
        c: '${path.module}/assets/z/123/h',
        d: 'gs://b/assets/q/r/s',
        e: 'myassets/a/b/c',
      }),
    ).toEqual(['assets/x/ABC/f.py', 'assets/y/DEF/g.sh', 'assets/z/123/h']);
  });
});

describe.each(ENVIRONMENT_NAMES.map((n) => [n]))('export of the committed %s stack', (name) => {
  it('has no backend, requires project_id and loads in Terraform 1.5.7', () => {
    const out = join(work, 'committed', name);
    withSynthesizedStack(name, {}, (stackDir) => exportRootModule(stackDir, out));
    const module = read(out);
    expect(module.terraform.backend).toBeUndefined();
    expect(module.variable.project_id.default).toBeUndefined();
    expect(checkTerraformCompat(module)).toEqual([]);
  });
});

// The first test spawns the bundle; the refusals run the same bundle in this process (test/cli-in-process.ts).
describe('npm run export:im', () => {
  const bundle = bundleCli('export-im');
  const outdir = join(work, 'cli-out');

  it('writes cdktf.out/infra-manager/<env>/ and prints the gcloud command', () => {
    const r = runBundle(bundle, ['staging'], { CDKTF_OUTDIR: outdir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(outdir, 'infra-manager', 'staging', 'main.tf.json'))).toBe(true);
    expect(r.stdout).toContain(
      'gcloud infra-manager deployments apply projects/tpu-train-staging/locations/us-central1/deployments/tpu-stg-pipeline',
    );
    expect(r.stdout).toContain('--local-source=cdktf.out/infra-manager/staging');
  });

  it.each([
    [['qa'], 'error: <env>="qa": unknown environment; allowed: dev, staging, prod'],
    [[], 'error: <env>: missing; allowed: dev, staging, prod'],
    [['dev', 'extra'], 'error: arguments="extra": unexpected; allowed: npm run export:im -- <env>'],
  ])('on bad input %j prints one line and exits 1', async (args, line) => {
    const r = await runBundleInProcess(bundle, args, { CDKTF_OUTDIR: outdir });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('names the shell input that is wrong', async () => {
    const r = await runBundleInProcess(bundle, ['dev'], { CDKTF_OUTDIR: outdir, ZONE: 'us-central2-b' });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^error: ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: /),
    ]);
  });
});
