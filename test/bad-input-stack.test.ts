import { bundleCli } from './delivery-helpers';
import { expectRefused, fakeTerraform, nodeOnlyPath, Outcome, runWithoutTerraform } from './bad-input';

/**
 * Bad input to `npm run deploy|diff|destroy|bootstrap -- <env> [flags]` (src/tools/cli/stack.ts): one
 * row per case, each checking exit 1, one line per problem, no stack trace, and that nothing ran (no
 * cdktf: it is not on these rows' PATH either). The argument rules themselves are tested on
 * cdktfInvocation in test/stack-commands.test.ts.
 */
interface Row {
  readonly input: string;
  readonly run: () => Outcome;
  readonly line: string | RegExp;
}

const bundle = bundleCli('stack');
const TERRAFORM_ALLOWED =
  'allowed: Terraform 1.4.0 or newer on PATH (https://developer.hashicorp.com/terraform/install; CI uses the version in .github/workflows/pr.yml)';

const rows: Row[] = [
  {
    input: 'npm run diff -- dev, with no Terraform on PATH',
    run: () => runWithoutTerraform(bundle, ['diff', 'dev']),
    line: `error: terraform: not found on PATH; ${TERRAFORM_ALLOWED}`,
  },
  {
    input: 'npm run deploy -- dev, with Terraform 1.3.9 (older than 1.4)',
    run: () => runWithoutTerraform(bundle, ['deploy', 'dev'], { PATH: `${fakeTerraform('1.3.9')}:${nodeOnlyPath()}` }),
    line: `error: terraform="1.3.9": older than 1.4.0, which the stacks need (terraform_data); ${TERRAFORM_ALLOWED}`,
  },
];

describe('npm run deploy|diff|destroy|bootstrap: bad input', () => {
  it.each(rows.map((r) => [r.input, r] as const))('%s', (_input, row) => {
    const r = row.run();
    expectRefused(r, row.line);
    expect(r.stdout).toBe('');
  });
});
