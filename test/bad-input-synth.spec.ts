import childProcess from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, DataResource, LocalBackend, TerraformAsset, TerraformStack } from 'cdktf';
import { StorageBucket } from '@cdktf/provider-google/lib/storage-bucket';
import { runStackValidations, stackValidationErrors } from '../src/core/stack-validation';
import { ENVIRONMENTS, EnvironmentName, loadEnvironments } from '../src/config';
import { buildApp } from '../stacks/app';
import { AppBuilder, STAGING, synthesizeStacks } from '../stacks/synthesize';
import { bundleCli, ROOT, runBundle } from './cli-bundles';
import { runBundleInProcess } from './cli-in-process';
import { asCli, expectRefused, folder, hashTree, lockFolder, Outcome, outcome } from './bad-input';

/**
 * Bad input to `npm run synth` (and to main.ts, the cdktf app, which runs the same synthesizeStacks):
 * one row per case. Every row checks the house promise: exit 1, one line per problem, no stack trace,
 * and the last good output (a full synth, with Terraform's files in each stack folder) byte-identical.
 * Rows run synthesizeStacks in-process (on small stacks: configuration is checked before any synth,
 * and the output folder does not care what the stacks hold) unless `spawn` or `bundle` is set: the
 * spawned row runs the real CLI, the bundle row the CLI's code in this process.
 * The next case is one more row.
 */
interface Row {
  /** The input, as a person would give it. */
  readonly input: string;
  readonly shell?: Record<string, string>;
  /** CDKTF_OUTDIR, given the row's copy of the last good output; default that copy. */
  readonly outdir?: (out: string) => string;
  /** Prepares the row (a locked folder, say); returns the undo. */
  readonly arrange?: (out: string) => (() => void) | void;
  readonly line: string | RegExp;
  /** More lines, when the input has more than one problem. */
  readonly also?: readonly (string | RegExp)[];
  /** Spawn the synth bundle (as `npm run synth` does) instead of calling synthesizeStacks. */
  readonly spawn?: boolean;
  /** Run the synth bundle in this process (test/cli-in-process.ts): the CLI's code, without a node start. */
  readonly bundle?: boolean;
  /** Runs something else than synthesizeStacks (e.g. loadEnvironments on a changed committed configuration). */
  readonly run?: (outdir: string) => Outcome;
}

/** The committed environments with `change` made to a copy. */
function committedWith(change: (e: Record<EnvironmentName, Record<string, any>>) => void) {
  const copy = structuredClone(ENVIRONMENTS);
  change(copy as Record<EnvironmentName, Record<string, any>>);
  return copy;
}

const ONE_EACH =
  'allowed: one per environment, as bucket names are global (give each environment its own project id, or set BUCKET_NAME with ENVIRONMENT)';

const work = mkdtempSync(join(tmpdir(), 'bad-input-synth-'));
const good = join(work, 'good', 'cdktf.out');
const TERRAFORM_FILES = ['.terraform/providers/registry.terraform.io/x', '.terraform.lock.hcl', 'plan'];
const IN_THE_WAY = /; allowed: files and folders you can write \(a sudo terraform run leaves root-owned ones/;
const ALLOWED_FOLDER =
  'allowed: a folder you can write, e.g. cdktf.out (one new level is created; deeper paths are not)';

/**
 * A stand-in for the real app where only the output folder matters: one small stack per environment
 * with an asset, in the layout synth writes (stacks/<env>/cdk.tf.json, assets/), in milliseconds.
 * Rows whose outcome depends on the stacks themselves use the real app (buildApp).
 */
const smallStacks: AppBuilder = (envs, options) => {
  const app = new App({ outdir: options.outdir });
  for (const env of envs) {
    const stack = new TerraformStack(app, env.name);
    new LocalBackend(stack, { path: 'terraform.tfstate' });
    new TerraformAsset(stack, 'preprocessing_script', { path: join(ROOT, 'src', 'jobs', 'preprocess.py') });
  }
  return app;
};

beforeAll(() => {
  folder(work, 'good');
  synthesizeStacks({}, good, smallStacks);
  for (const env of ['dev', 'staging', 'prod'])
    for (const file of TERRAFORM_FILES) {
      folder(join(good, 'stacks', env, file, '..'));
      writeFileSync(join(good, 'stacks', env, file), `${env} ${file}`);
    }
}, 60_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * Makes renaming a staged file onto `suffix` fail, as for an immutable file (which no check beforehand
 * can tell from a writable one): the failure comes after other stacks' files were moved in.
 */
function failInstalling(suffix: string): () => void {
  // The module object itself (an `import * as` namespace would be a copy that the code under test does not see).
  const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
  const real = fs.renameSync;
  const spy = jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
    if (String(from).includes(STAGING) && String(to).endsWith(suffix))
      throw Object.assign(new Error(`EPERM: operation not permitted, rename -> '${String(to)}'`), {
        code: 'EPERM',
        path: String(to),
      });
    real(from, to);
  });
  return () => spy.mockRestore();
}

const rows: Row[] = [
  {
    input: 'CDKTF_OUTDIR=<a file>',
    spawn: true,
    outdir: (out) => join(out, 'manifest.json'),
    line: /^error: CDKTF_OUTDIR=".*\/manifest\.json": is a file, not a folder; allowed: a folder you can write/,
  },
  {
    input: 'CDKTF_OUTDIR=<a symbolic link loop>',
    outdir: (out) => {
      symlinkSync(join(out, 'loop-b'), join(out, 'loop-a'));
      symlinkSync(join(out, 'loop-a'), join(out, 'loop-b'));
      return join(out, 'loop-a');
    },
    line: /^error: CDKTF_OUTDIR=".*\/loop-a": is a loop of symbolic links; allowed: a folder you can write/,
  },
  {
    input: 'CDKTF_OUTDIR=<a path through a file>',
    outdir: (out) => join(out, 'manifest.json', 'out'),
    line: /^error: CDKTF_OUTDIR=".*\/manifest\.json\/out": a part of the path is a file; allowed: /,
  },
  {
    input: 'CDKTF_OUTDIR=<read-only or immutable folder>',
    arrange: (out) => lockFolder(out),
    line: /^error: CDKTF_OUTDIR=".*\/cdktf\.out": cannot be written \((EACCES|EPERM)\); allowed: a folder you can write/,
  },
  {
    input: 'CDKTF_OUTDIR= (empty)',
    outdir: () => '',
    line: `error: CDKTF_OUTDIR="": empty; allowed: unset (cdktf.out), or ${ALLOWED_FOLDER.slice('allowed: '.length)}`,
  },
  {
    input: 'CDKTF_OUTDIR=. (the project folder)',
    outdir: () => '.',
    line: `error: CDKTF_OUTDIR=".": is the project folder, where stacks/ and manifest.json would be written among the sources; ${ALLOWED_FOLDER}`,
  },
  {
    input: 'CDKTF_OUTDIR=.. (above the project folder)',
    outdir: () => '..',
    line: /^error: CDKTF_OUTDIR="\.\.": is the project folder or one above it, /,
  },
  {
    input: 'CDKTF_OUTDIR=<a symbolic link to the project folder>',
    outdir: (out) => {
      symlinkSync(ROOT, join(out, 'project'));
      return join(out, 'project');
    },
    line: /^error: CDKTF_OUTDIR=".*\/project": is the project folder, where stacks\/ and manifest\.json would be written/,
  },
  {
    input: 'CDKTF_OUTDIR=<a missing folder>/deep/out (not created)',
    outdir: (out) => join(out, 'missing', 'deep', 'out'),
    line: /^error: CDKTF_OUTDIR=".*\/missing\/deep\/out": its folder ".*\/missing\/deep" does not exist; allowed: /,
  },
  {
    input: 'a stack folder that cannot be replaced (stacks/prod read-only or immutable): no stack is replaced',
    arrange: (out) => lockFolder(join(out, 'stacks', 'prod')),
    line: new RegExp(
      `^error: CDKTF_OUTDIR=".*": "stacks/prod" is in the way \\((EACCES|EPERM)\\), so no stack was replaced${IN_THE_WAY.source}`,
    ),
  },
  {
    input: 'a folder that cannot be removed inside what synth replaces (stacks/dev/assets/<asset>)',
    shell: { ENVIRONMENT: 'dev' },
    arrange: (out) => {
      const assets = join(out, 'stacks', 'dev', 'assets');
      return lockFolder(join(assets, readdirSync(assets)[0]));
    },
    line: /^error: CDKTF_OUTDIR=".*": "stacks\/dev\/assets\/preprocessing_script" is in the way \((EACCES|EPERM)\)/,
  },
  {
    input: 'a file where synth writes a folder (stacks/dev/assets)',
    shell: { ENVIRONMENT: 'dev' },
    arrange: (out) => {
      rmSync(join(out, 'stacks', 'dev', 'assets'), { recursive: true });
      writeFileSync(join(out, 'stacks', 'dev', 'assets'), 'a file');
    },
    line: /^error: CDKTF_OUTDIR=".*": "stacks\/dev\/assets" is in the way \(a file where synth writes a folder\)/,
  },
  {
    input:
      'a file that cannot be replaced, found only while replacing (immutable stacks/staging/cdk.tf.json): all put back',
    arrange: () => failInstalling('stacks/staging/cdk.tf.json'),
    line: /^error: CDKTF_OUTDIR=".*": "stacks\/staging\/cdk\.tf\.json" is in the way \(EPERM\), so no stack was replaced/,
  },
  {
    input:
      'ENVIRONMENT=dev BUCKET_NAME=<dev state bucket> (the data lake would be force-destroyed with the state in it)',
    bundle: true,
    shell: { ENVIRONMENT: 'dev', BUCKET_NAME: 'tpu-train-dev-tfstate' },
    line: 'error: BUCKET_NAME="tpu-train-dev-tfstate": is the Terraform state bucket of dev (destroying the data lake would delete the state); allowed: a data lake bucket of its own, e.g. tpu-train-dev-data-lake',
  },
  {
    input: 'ENVIRONMENT=staging BUCKET_NAME=<prod state bucket>',
    shell: { ENVIRONMENT: 'staging', BUCKET_NAME: 'tpu-train-prod-tfstate' },
    line: /^error: BUCKET_NAME="tpu-train-prod-tfstate": is the Terraform state bucket of prod \(/,
  },
  {
    input: "ENVIRONMENT=dev BUCKET_NAME=<prod's data lake> (checked against every committed environment)",
    shell: { ENVIRONMENT: 'dev', BUCKET_NAME: 'tpu-train-prod-data-lake' },
    line: `error: BUCKET_NAME="tpu-train-prod-data-lake": is the data lake bucket of prod; ${ONE_EACH}`,
  },
  {
    input: "ENVIRONMENT=dev PROJECT_ID=<prod's project> (dev would derive prod's data lake)",
    shell: { ENVIRONMENT: 'dev', PROJECT_ID: 'tpu-train-prod' },
    line: `error: PROJECT_ID="tpu-train-prod": gives dev the data lake bucket "tpu-train-prod-data-lake", which is the data lake bucket of prod; ${ONE_EACH}`,
  },
  {
    input: 'PROJECT_ID=<one for all three>',
    shell: { PROJECT_ID: 'acme-ml-all' },
    line: `error: PROJECT_ID="acme-ml-all": gives dev, staging and prod one data lake bucket, "acme-ml-all-data-lake"; ${ONE_EACH}`,
  },
  {
    input: 'REGION=foo (one line, naming REGION)',
    shell: { REGION: 'foo' },
    line: 'error: REGION="foo": not a region name; allowed: e.g. us-central1',
  },
  {
    input: 'REGION=europe-west4 (the committed zone is not in it: blames REGION, once)',
    shell: { REGION: 'europe-west4' },
    line: 'error: REGION="europe-west4": does not contain the committed zone "us-central1-b"; allowed: us-central1 (that zone\'s region), or ZONE set to a zone of europe-west4 that offers TPU v6e (europe-west4-a)',
  },
  {
    input: 'ENVIRONMENT=dev NETWORK_NAME=default (network mode create)',
    shell: { ENVIRONMENT: 'dev', NETWORK_NAME: 'default' },
    line: 'error: NETWORK_NAME="default": is the network every new project has, which network mode create would try to create again; allowed: another name, or network.mode "existing" to use it',
  },
  {
    input: 'ENVIRONMENT=dev PROJECT_ID=<with a line break> (shown escaped, on one line)',
    shell: { ENVIRONMENT: 'dev', PROJECT_ID: 'tpu-train\ndev' },
    line: /^error: PROJECT_ID="tpu-train\\ndev": not a valid project id; allowed: /,
  },
  {
    input: 'REGION=foo CDKTF_OUTDIR=<a file> (every problem at once, one line each)',
    shell: { REGION: 'foo' },
    outdir: (out) => join(out, 'manifest.json'),
    line: 'error: REGION="foo": not a region name; allowed: e.g. us-central1',
    also: [/^error: CDKTF_OUTDIR=".*\/manifest\.json": is a file, not a folder; /],
  },
  {
    input: 'a committed schedule with a line break ("0 3 * * *\\n")',
    run: () =>
      asCli(() =>
        loadEnvironments(
          { ENVIRONMENT: 'staging' },
          committedWith((e) => (e.staging.preprocessing.schedule = '0 3 * * *\n')),
        ),
      ),
    line: /^error: environments\.staging\.preprocessing\.schedule="0 3 \* \* \*\\n": not a valid schedule \(has a line break, tab or other space that is not " "\); allowed: unix-cron/,
  },
  {
    input: 'a committed training schedule with a trailing space',
    run: () =>
      asCli(() =>
        loadEnvironments(
          { ENVIRONMENT: 'dev' },
          committedWith((e) => (e.dev.training.schedule = '0 4 * * 1 ')),
        ),
      ),
    line: /^error: environments\.dev\.training\.schedule="0 4 \* \* 1 ": not a valid schedule \(starts or ends with a space\)/,
  },
];

describe('npm run synth: bad input', () => {
  const bundle = bundleCli('synth');

  it.each(rows.map((r, i) => [r.input, r, i] as const))('%s', async (_input, row, i) => {
    const dir = folder(work, `row-${i}`);
    const out = join(dir, 'cdktf.out');
    cpSync(good, out, { recursive: true });
    const outdir = row.outdir ? row.outdir(out) : out;
    const undo = row.arrange?.(out);
    const before = hashTree(dir);
    let r: Outcome;
    try {
      r = row.run
        ? row.run(outdir)
        : row.spawn
          ? outcome(runBundle(bundle, [], { ...row.shell, CDKTF_OUTDIR: outdir }))
          : row.bundle
            ? await runBundleInProcess(bundle, [], { ...row.shell, CDKTF_OUTDIR: outdir })
            : asCli(() => synthesizeStacks(row.shell ?? {}, outdir, smallStacks));
    } finally {
      undo?.();
    }
    expectRefused(r, row.line, ...(row.also ?? []));
    expect(r.stdout).toBe('');
    expect(hashTree(dir)).toEqual(before);
    expect(existsSync(join(ROOT, 'manifest.json'))).toBe(false);
  });
});

// That a synth needs no Terraform (only node on PATH) is shown by test/cli.spec.ts's spawned synth.
describe('npm run synth: what it needs and what it keeps', () => {
  it("keeps what Terraform wrote in the stack folders (.terraform, even another user's, the lock file, a saved plan)", () => {
    const out = join(folder(work, 'keep'), 'cdktf.out');
    cpSync(good, out, { recursive: true });
    const stack = join(out, 'stacks', 'dev');
    writeFileSync(join(stack, 'cdk.tf.json'), 'replaced');
    const before = hashTree(join(out, 'stacks'));
    const undo = lockFolder(join(stack, '.terraform', 'providers'));
    try {
      expect(synthesizeStacks({ ENVIRONMENT: 'dev' }, out, smallStacks).stacks).toEqual(['dev']);
    } finally {
      undo();
    }
    const after = hashTree(join(out, 'stacks'));
    for (const env of ['dev', 'staging', 'prod'])
      for (const file of TERRAFORM_FILES) expect(after[`${env}/${file}`]).toBe(before[`${env}/${file}`]);
    expect(after['dev/cdk.tf.json']).not.toBe(before['dev/cdk.tf.json']);
    expect(readFileSync(join(stack, 'cdk.tf.json'), 'utf8')).toContain('"backend"');
    // The other stacks stay listed, so the cdktf CLI (npm run diff -- dev) does not remove their folders.
    expect(Object.keys(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks)).toEqual([
      'dev',
      'prod',
      'staging',
    ]);
  });

  it('creates one missing level, as a fresh clone needs for cdktf.out', () => {
    const parent = folder(work, 'fresh');
    mkdirSync(join(parent, 'x'));
    expect(synthesizeStacks({ ENVIRONMENT: 'dev' }, join(parent, 'x', 'cdktf.out'), smallStacks).stacks).toEqual([
      'dev',
    ]);
  });
});

describe("cdktf's validations, without `terraform version`", () => {
  it('still run: a resource without its provider is refused, and no process is started', () => {
    const app = new App({ outdir: join(work, 'validations') });
    const stack = new TerraformStack(app, 'bare');
    new StorageBucket(stack, 'b', { name: 'b', location: 'US' });
    new DataResource(stack, 'checks', {});
    // Watched here rather than by taking Terraform off PATH: a PATH set in a test does not reach the
    // processes node starts (they get the worker's own), and cdktf would run `terraform version` so.
    const started: unknown[] = [];
    const spies = (['execSync', 'execFileSync', 'spawnSync', 'spawn', 'exec', 'execFile'] as const).map((name) =>
      jest.spyOn(childProcess, name).mockImplementation(((...args: unknown[]) => {
        started.push(args[0]);
        throw new Error(`${name} ${String(args[0])}: no process may be started`);
      }) as never),
    );
    try {
      expect(stackValidationErrors(stack)).toEqual([
        expect.stringMatching(/^\[bare\] Found resources without a matching provider construct\. .*: google$/),
      ]);
      expect(() => runStackValidations(stack)).toThrow('Validation failed with the following errors');
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    expect(started).toEqual([]);
  });
});

describe('a data lake that is the state bucket, past the configuration', () => {
  it('is refused by the policy pack too (TPU-GCS-006), and the output is left as it was', () => {
    const dir = folder(work, 'state-bucket-policy');
    const out = join(dir, 'cdktf.out');
    cpSync(good, out, { recursive: true });
    const before = hashTree(dir);
    const lakeIsState: AppBuilder = (envs, options) =>
      buildApp(
        envs.map((e) => ({ ...e, bucket: { ...e.bucket, name: e.stateBackend.bucket } })),
        options,
      );
    const r = asCli(() => synthesizeStacks({ ENVIRONMENT: 'dev' }, out, lakeIsState));
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      `error: policy check failed in dev (1 error, 1 warning, 0 suppressed); "${out}" was left as it was`,
      expect.stringMatching(
        /^error: \[dev\] TPU-GCS-006 google_storage_bucket\.data-lake_bucket_\w+ \(dev\/data-lake\/bucket\): name "tpu-train-dev-tfstate" is the bucket terraform\.backend\.gcs keeps /,
      ),
      expect.stringMatching(/^warning: \[dev\] TPU-MON-001 /),
    ]);
    expect(hashTree(dir)).toEqual(before);
  });
});
