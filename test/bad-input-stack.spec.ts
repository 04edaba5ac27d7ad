import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../src/core/errors';
import { cdktfInvocation } from '../src/tools/delivery/stack-commands';
import { terraformProblem } from '../src/tools/delivery/terraform-binary';
import { bundleCli } from './cli-bundles';
import { asCli, expectRefused, fakeTerraform, nodeOnlyPath, Outcome, runWithoutTerraform } from './bad-input';

/**
 * Bad input to `npm run deploy|diff|destroy|bootstrap -- <env> [flags]` (src/tools/cli/stack.ts): one
 * row per case, each checking exit 1, one line per problem, no stack trace, and that nothing ran (no
 * cdktf: it is not on these rows' PATH either). Rows on the values Terraform will be given (--var,
 * --var-file, the var files cdktf adds, TF_VAR_*) call cdktfInvocation, which the CLI runs first; the
 * other argument rules are tested in test/stack-commands.spec.ts.
 */
interface Row {
  readonly input: string;
  readonly run: () => Outcome;
  readonly line: string | RegExp;
}

const bundle = bundleCli('stack');
const TERRAFORM_ALLOWED =
  'allowed: Terraform 1.4.0 or newer on PATH (https://developer.hashicorp.com/terraform/install; CI uses the version in .github/workflows/pr.yml)';

const work = mkdtempSync(join(tmpdir(), 'bad-input-stack-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A file in the row's scratch folder (the project folder cdktf would read var files from). */
function file(name: string, text: string): string {
  writeFileSync(join(work, name), text);
  return name;
}

/** cdktfInvocation as the CLI runs it, in the scratch folder. */
const invoke =
  (argv: string[], shell: Record<string, string> = {}) =>
  () =>
    asCli(() => cdktfInvocation(argv, shell, work));

const VAR_FILE_ALLOWED =
  'allowed: a .tfvars.json file (a JSON object) or a .tfvars file of name = "value" lines, holding the stack variables';

const rows: Row[] = [
  {
    input: 'npm run diff -- dev, with no Terraform on PATH',
    run: () => runWithoutTerraform(bundle, ['diff', 'dev']),
    line: `error: terraform: not found on PATH; ${TERRAFORM_ALLOWED}`,
  },
  {
    input: 'npm run deploy -- dev, with Terraform 1.3.9 (older than 1.4)',
    run: () =>
      asCli(() => {
        const problem = terraformProblem({ PATH: `${fakeTerraform('1.3.9')}:${nodeOnlyPath()}` });
        if (problem) throw new InputError([problem]);
      }),
    line: `error: terraform="1.3.9": older than 1.4.0, which the stacks need (terraform_data); ${TERRAFORM_ALLOWED}`,
  },
  {
    input: 'npm run deploy -- dev --var enable_vertex_ai=FALSE (Terraform takes true or false only)',
    run: invoke(['deploy', 'dev', '--var', 'enable_vertex_ai=FALSE']),
    line: 'error: --var enable_vertex_ai="FALSE": not a boolean as Terraform reads one; allowed: true, false',
  },
  {
    input: 'npm run diff -- dev --var project_id= (empty)',
    run: invoke(['diff', 'dev', '--var', 'project_id=']),
    line: 'error: --var project_id="": empty, and Terraform would take "" as the value; allowed: Google Cloud project id',
  },
  {
    input: 'npm run diff -- dev --var "zone= us-central1-b" (Terraform keeps the space)',
    run: invoke(['diff', 'dev', '--var', 'zone= us-central1-b']),
    line: 'error: --var zone=" us-central1-b": starts or ends with a space, which Terraform keeps; allowed: the value without the spaces',
  },
  {
    input: 'npm run deploy -- dev --var-file=<.tfvars.json with a zone outside the region>',
    run: invoke(['deploy', 'dev', `--var-file=${file('dev.tfvars.json', '{"zone": "europe-west4-a"}')}`]),
    line: /^error: --var-file="dev\.tfvars\.json" zone="europe-west4-a": not in region us-central1; allowed: /,
  },
  {
    input: 'npm run deploy -- dev --var-file <.tfvars with a bad boolean>',
    run: invoke(['deploy', 'dev', '--var-file', file('bool.tfvars', 'enable_monitoring = "yes" # on\n')]),
    line: 'error: --var-file="bool.tfvars" enable_monitoring="yes": not a boolean as Terraform reads one; allowed: true, false',
  },
  {
    input: 'npm run deploy -- dev --var-file <.tfvars with a map>',
    run: invoke(['deploy', 'dev', '--var-file', file('map.tfvars', 'labels = { team = "ml" }\n')]),
    line: `error: --var-file="map.tfvars": line 1 is not name = "string", true, false or a number (lists, maps, heredocs and templates are not read); ${VAR_FILE_ALLOWED}`,
  },
  {
    input: 'npm run deploy -- dev --var-file <missing>',
    run: invoke(['deploy', 'dev', '--var-file=missing.tfvars']),
    line: `error: --var-file="missing.tfvars": not found; ${VAR_FILE_ALLOWED}`,
  },
  {
    input: 'npm run deploy -- dev --var-file /dev/zero (a device: never read)',
    run: invoke(['deploy', 'dev', '--var-file=/dev/zero']),
    line: `error: --var-file="/dev/zero": is a character device, not a regular file; ${VAR_FILE_ALLOWED}`,
  },
  {
    input: 'TF_VAR_enable_monitoring=yes npm run deploy -- dev',
    run: invoke(['deploy', 'dev'], { TF_VAR_enable_monitoring: 'yes' }),
    line: 'error: TF_VAR_enable_monitoring="yes": not a boolean as Terraform reads one; allowed: true, false',
  },
];

const autoRows: Row[] = [
  {
    input: 'npm run deploy -- dev, with a terraform.tfvars that cdktf passes on by itself',
    run: () => {
      file('terraform.tfvars', 'region = "europe-west4"\n');
      try {
        return invoke(['deploy', 'dev'])();
      } finally {
        rmSync(join(work, 'terraform.tfvars'));
      }
    },
    line: /^error: auto var file="terraform\.tfvars" region="europe-west4": does not contain the committed zone "us-central1-b"; allowed: /,
  },
];

describe('npm run deploy|diff|destroy|bootstrap: bad input', () => {
  it.each([...rows, ...autoRows].map((r) => [r.input, r] as const))('%s', (_input, row) => {
    const r = row.run();
    expectRefused(r, row.line);
    expect(r.stdout).toBe('');
  });
});
