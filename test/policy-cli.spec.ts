import { TEST_BUILD } from './global-setup';
import { runBundleInProcess } from './cli-in-process';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'tf');
// Bundled as `npm run build` does, once per test run (test/global-setup.ts).
const BUILD = TEST_BUILD;

/** The same bundle run in this process (test/cli-in-process.ts): each CLI's first test here spawns it. */
function runHere(script: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  return runBundleInProcess(join(BUILD, script), args, env, cwd);
}

function run(script: string, args: string[], env: Record<string, string> = {}, cwd = ROOT) {
  return spawnSync(process.execPath, [join(BUILD, script), ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

describe('npm run policy', () => {
  const work = mkdtempSync(join(tmpdir(), 'policy-cli-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const write = (name: string, json: unknown) => {
    const file = join(work, name);
    writeFileSync(file, JSON.stringify(json));
    return file;
  };

  it('exits 1 on error-level findings in plain Terraform JSON, one line per finding, and checks every file', () => {
    const r = run('src/tools/cli/policy.js', [join(FIXTURES, 'insecure.tf.json'), join(FIXTURES, 'secure.tf.json')]);
    expect(r.status).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${join(FIXTURES, 'insecure.tf.json')}: 4 errors, 0 warnings, 0 suppressed`);
    expect(lines.slice(1, 5).map((l) => l.trim().split(' ').slice(0, 3).join(' '))).toEqual([
      'error: TPU-GCS-002 google_storage_bucket.data:',
      'error: TPU-GCS-003 google_storage_bucket.data:',
      'error: TPU-GCS-004 google_storage_bucket.data:',
      'error: TPU-IAM-001 google_project_iam_member.ci:',
    ]);
    expect(lines[5]).toBe(`${join(FIXTURES, 'secure.tf.json')}: 0 errors, 0 warnings, 0 suppressed`);
    expect(lines[6]).toBe('policy: 2 files checked, 1 with errors');
    expect(r.stderr).toBe('');
  });

  it('exits 0 when only warnings and suppressed findings remain, and shows both', async () => {
    const file = write('warn.tf.json', {
      resource: {
        google_tpu_v2_vm: {
          t: {
            name: 't',
            zone: 'europe-west4-a',
            network_config: { enable_external_ips: false },
            service_account: { email: 'a@p-1.iam.gserviceaccount.com' },
            labels: { environment: 'dev', component: 'x', 'managed-by': 'y' },
          },
        },
        google_storage_bucket: {
          lake: {
            name: 'lake',
            location: 'US',
            uniform_bucket_level_access: true,
            public_access_prevention: 'inherited',
            labels: { environment: 'dev', component: 'x', 'managed-by': 'y' },
            '//': { suppressions: [{ rule: 'TPU-GCS-003', reason: 'the organization policy enforces it' }] },
          },
        },
      },
    });
    const r = await runHere('src/tools/cli/policy.js', [file]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /\n {2}warning: TPU-GCS-005 google_storage_bucket.lake: location "US" is not the region of google_tpu_v2_vm.t \(europe-west4\)/,
    );
    expect(r.stdout).toMatch(
      /\n {2}suppressed: TPU-GCS-003 google_storage_bucket.lake: .*; suppressed because: the organization policy enforces it\n/,
    );
    expect(r.stdout).toContain('policy: 1 file checked, 0 with errors');
  });

  it('exits 1 on a suppression without a reason', async () => {
    const file = write('noreason.tf.json', {
      resource: {
        google_service_account_key: {
          k: { service_account_id: 'x', '//': { suppressions: [{ rule: 'TPU-IAM-003', reason: '' }] } },
        },
      },
    });
    const r = await runHere('src/tools/cli/policy.js', [file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'error: suppression of TPU-IAM-003 on google_service_account_key.k has reason="": refused',
    );
    expect(r.stdout).toContain(
      'error: TPU-IAM-003 google_service_account_key.k: creates a long-lived service account key',
    );
  });

  it('reads folders (every *.tf.json below), e.g. the synthesized stacks, which pass', async () => {
    const out = join(work, 'cdktf.out');
    const synth = run('main.js', [], { CDKTF_OUTDIR: out });
    expect(synth.status).toBe(0);
    const r = await runHere('src/tools/cli/policy.js', [join(out, 'stacks')]);
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    // No notification channel is committed: each stack warns once that its alerts tell no one.
    expect(lines.filter((l) => l.startsWith(' '))).toEqual(
      Array(3).fill(expect.stringMatching(/^ {2}warning: TPU-MON-001 google_monitoring_alert_policy\./)),
    );
    expect(lines.filter((l) => !l.startsWith(' '))).toEqual([
      `${join(out, 'stacks', 'dev', 'cdk.tf.json')}: 0 errors, 1 warning, 0 suppressed`,
      `${join(out, 'stacks', 'prod', 'cdk.tf.json')}: 0 errors, 1 warning, 0 suppressed`,
      `${join(out, 'stacks', 'staging', 'cdk.tf.json')}: 0 errors, 1 warning, 0 suppressed`,
      'policy: 3 files checked, 0 with errors',
    ]);
    expect(JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).stacks).toHaveProperty('prod');
  });

  it('explains bad input on stderr, one line each, exit 1, no stack trace', async () => {
    const empty = join(work, 'empty');
    mkdirSync(empty);
    const bad = join(work, 'main.tf.json');
    writeFileSync(bad, 'resource "google_storage_bucket" "x" {}');
    const r = await runHere('src/tools/cli/policy.js', [join(work, 'nope.tf.json'), empty, bad]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: file="${join(work, 'nope.tf.json')}": not found; allowed: a Terraform JSON file or a folder holding *.tf.json`,
      `error: folder="${empty}": holds no *.tf.json; allowed: a folder such as cdktf.out/stacks/prod`,
      expect.stringMatching(
        new RegExp(`^error: file="${bad}": not JSON \\(.*\\); allowed: Terraform JSON \\(\\*\\.tf\\.json\\), not HCL$`),
      ),
    ]);
    expect(r.stderr).not.toMatch(/\s+at\s/);
    const none = await runHere('src/tools/cli/policy.js', []);
    expect(none.status).toBe(1);
    expect(none.stderr).toBe(
      'error: usage: npm run policy -- <file.tf.json | folder> [...]: no file given; allowed: one or more Terraform JSON files or folders\n',
    );
  });
  it.each([
    [
      'package.json',
      null,
      /^top-level key\(s\) "name", "version", .*: not Terraform blocks; allowed: \/\/, terraform, variable, locals, output, provider, resource, data, module, moved, import, check, removed/,
    ],
    [
      'resource-5.tf.json',
      { resource: 5 },
      'resource=5: not an object of types; allowed: an object {"<type>": {"<name>": {...body}}}, each level an object or an array of objects',
    ],
    [
      'oops.tf.json',
      { resource: { google_storage_bucket: 'oops' } },
      'resource.google_storage_bucket="oops": not an object of names; allowed: an object {"<type>": {"<name>": {...body}}}, each level an object or an array of objects',
    ],
    [
      'body.tf.json',
      { data: { google_project: { p: [{}, 'x'] } } },
      'data.google_project.p=[{},"x"]: not a block body (an object); allowed: an object {"<type>": {"<name>": {...body}}}, each level an object or an array of objects',
    ],
    [
      'array.tf.json',
      [{ resource: {} }],
      'top level is an array; allowed: an object whose keys are Terraform blocks (//, terraform, variable, locals, output, provider, resource, data, module, moved, import, check, removed, ephemeral, action)',
    ],
  ])('refuses %s, which is not Terraform JSON, in one line and exits 1', async (name, json, problem) => {
    const file = json === null ? join(ROOT, name) : write(name, json);
    const r = await runHere('src/tools/cli/policy.js', [file]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    const prefix = `error: file="${file}": not Terraform JSON: `;
    expect(lines[0].startsWith(prefix)).toBe(true);
    expect(lines[0].slice(prefix.length)).toEqual(
      typeof problem === 'string' ? problem : expect.stringMatching(problem),
    );
    expect(r.stdout).toBe('policy: 0 files checked, 0 with errors, 1 refused (see the errors)\n');
  });

  it('accepts Terraform JSON\'s array forms and "//" comments at every level, and checks what they hold', async () => {
    const file = write('arrays.tf.json', {
      '//': { note: 'x' },
      terraform: [{ required_version: '>= 1.5' }],
      resource: [{ '//': 'c', google_service_account_key: [{ k: [{ service_account_id: 'x' }] }] }],
      data: { google_project: { p: {} } },
    });
    const r = await runHere('src/tools/cli/policy.js', [file]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      'error: TPU-IAM-003 google_service_account_key.k: creates a long-lived service account key',
    );
  });

  it('when one argument is missing, still checks the others, then reports every refused argument and exits 1', async () => {
    const missing = join(work, 'missing.tf.json');
    const secure = join(FIXTURES, 'secure.tf.json');
    const r = await runHere('src/tools/cli/policy.js', [missing, secure, join(ROOT, 'package.json')]);
    expect(r.status).toBe(1);
    expect(r.stdout.trim().split('\n')).toEqual([
      `${secure}: 0 errors, 0 warnings, 0 suppressed`,
      'policy: 1 file checked, 0 with errors, 2 refused (see the errors)',
    ]);
    expect(r.stderr.trim().split('\n')).toEqual([
      `error: file="${missing}": not found; allowed: a Terraform JSON file or a folder holding *.tf.json`,
      expect.stringMatching(
        new RegExp(`^error: file="${join(ROOT, 'package.json')}": not Terraform JSON: top-level key\\(s\\) "name"`),
      ),
    ]);
  });
});

describe('npm run cost', () => {
  it('prints a Markdown table per environment whose TPU line matches the catalog', () => {
    const r = run('src/tools/cli/cost.js', ['prod']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^### Cost estimate: prod\n/);
    expect(r.stdout).toContain(
      '| TPU v6e-8 on-demand (configured) | 8 chips × $2.70/chip-hour × 505 slice-h | $21.60 | | $10,908.00 | 1 |',
    );
    expect(r.stdout).not.toContain('### Cost estimate: dev');
  });

  it('prints every environment by default', async () => {
    const r = await runHere('src/tools/cli/cost.js', []);
    expect(r.stdout.match(/^### Cost estimate: (\w+)$/gm)).toEqual([
      '### Cost estimate: dev',
      '### Cost estimate: staging',
      '### Cost estimate: prod',
    ]);
  });

  it('refuses an unknown environment', async () => {
    const r = await runHere('src/tools/cli/cost.js', ['qa']);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('error: <env>="qa": unknown environment; allowed: dev, staging, prod\n');
  });

  it('refuses an ENVIRONMENT that differs from the argument, as export:im does, instead of printing nothing', async () => {
    const r = await runHere('src/tools/cli/cost.js', ['dev'], { ENVIRONMENT: 'prod' });
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      'error: ENVIRONMENT="prod": differs from <env>="dev"; allowed: unset, or the same environment\n',
    );
    expect(r.stdout).toBe('');
  });

  it('prices ENVIRONMENT alone when no argument is given, and each named environment once', async () => {
    const only = await runHere('src/tools/cli/cost.js', [], { ENVIRONMENT: 'staging' });
    expect(only.stdout.match(/^### Cost estimate: (\w+)$/gm)).toEqual(['### Cost estimate: staging']);
    const twice = await runHere('src/tools/cli/cost.js', ['dev', 'dev']);
    expect(twice.stdout.match(/^### Cost estimate: (\w+)$/gm)).toEqual(['### Cost estimate: dev']);
  });
});
