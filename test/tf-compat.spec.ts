import { Testing } from 'cdktf';
import { TERRAFORM_1_5_FUNCTIONS, TOOLCHAIN } from '../src/toolchain';
import { ENVIRONMENT_NAMES } from '../src/config';
import { admitsVersion, assertTerraformCompat, checkTerraformCompat } from '../src/tools/delivery/tf-compat';
import { BootstrapStack } from '../stacks/bootstrap-stack';
import { synthWorkload } from './delivery-helpers';
import { committedStack } from './committed-stacks';
import { envConfig, TerraformJson } from './helpers';

const variable = (name: string, condition: string, extra: Record<string, unknown> = {}) => ({
  variable: { [name]: { type: 'string', validation: [{ condition, error_message: 'bad.' }], ...extra } },
});
const resource = (body: Record<string, unknown>) => ({ resource: { google_x: { y: body } } });

describe('checkTerraformCompat rejects what Terraform 1.5.7 cannot load', () => {
  it.each([
    [
      'a removed block (1.7)',
      { removed: [{ from: 'google_x.y', lifecycle: { destroy: false } }] },
      'removed: "removed" block needs Terraform 1.7',
    ],
    [
      'import with for_each (1.7)',
      { import: [{ for_each: '${var.ids}', to: 'google_x.y[each.key]', id: '${each.value}' }] },
      'import[0].for_each: import with for_each needs Terraform 1.7',
    ],
    [
      'a provider-defined function (1.8)',
      resource({ name: '${provider::google::region_from_zone(var.zone)}' }),
      'resource.google_x.y.name: provider-defined function provider::google::region_from_zone() needs Terraform 1.8',
    ],
    [
      'issensitive (1.8)',
      resource({ name: '${issensitive(var.a) ? "x" : "y"}' }),
      'function issensitive() needs Terraform 1.8',
    ],
    [
      'templatestring (1.9)',
      resource({ name: '${templatestring(var.t, {})}' }),
      'function templatestring() needs Terraform 1.9',
    ],
    [
      'ephemeralasnull (1.10)',
      resource({ name: '${ephemeralasnull(var.a)}' }),
      'function ephemeralasnull() needs Terraform 1.10',
    ],
    [
      'an unknown function',
      resource({ name: '${frobnicate(var.a)}' }),
      'function frobnicate() is not a Terraform 1.5.7 function',
    ],
    [
      'a validation that refers to another variable (1.9)',
      variable('zone', '${startswith(var.zone, var.region)}'),
      'variable.zone.validation[0].condition: reference to var.region in a variable validation needs Terraform 1.9',
    ],
    [
      'a validation that refers to a local (1.9)',
      variable('zone', '${contains(local.zones, var.zone)}'),
      'reference to local.zones in a variable validation needs Terraform 1.9',
    ],
    [
      'a validation that does not refer to its variable',
      variable('zone', '${length(["a"]) > 0}'),
      'a validation condition must refer to var.zone',
    ],
    [
      'an ephemeral variable (1.10)',
      { variable: { token: { type: 'string', ephemeral: true } } },
      'variable.token.ephemeral: ephemeral variables needs Terraform 1.10',
    ],
    [
      'an ephemeral output (1.10)',
      { output: { token: { value: '${var.t}', ephemeral: true } } },
      'output.token.ephemeral: ephemeral outputs needs Terraform 1.10',
    ],
    [
      'an ephemeral resource block (1.10)',
      { ephemeral: { google_service_account_access_token: { t: {} } } },
      'ephemeral: "ephemeral" block needs Terraform 1.10',
    ],
    [
      'a write-only attribute (1.11)',
      resource({ secret_data_wo: 'x' }),
      'resource.google_x.y.secret_data_wo: write-only attribute needs Terraform 1.11',
    ],
    [
      'a move to another resource type (1.8)',
      { moved: [{ from: 'google_x.y', to: 'google_z.y' }] },
      'moved[0]: moving google_x to another resource type (google_z) needs Terraform 1.8',
    ],
    ['a block Terraform does not know', { mystery: {} }, 'mystery: "mystery" is not a Terraform block'],
    [
      'a required_version that excludes 1.5.7',
      { terraform: { required_version: '>= 1.6' } },
      'terraform.required_version: ">= 1.6" excludes 1.5.7',
    ],
  ])('%s', (_what, tf, message) => {
    const problems = checkTerraformCompat(tf as Record<string, unknown>);
    expect(problems).toEqual([expect.stringContaining(message)]);
    expect(problems[0]).toMatch(/; allowed: the language of Terraform 1\.5\.7$/);
  });
});

describe('checkTerraformCompat accepts the language of Terraform 1.5', () => {
  it.each([
    ['strcontains and plantimestamp (1.5)', resource({ a: '${strcontains(var.a, "b")}', b: '${plantimestamp()}' })],
    [
      'one, startswith, can(regex()) with parentheses inside the pattern',
      variable('p', '${can(regex("^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$", var.p)) && startswith(var.p, "a")}'),
    ],
    ['a for expression with an if clause', resource({ a: '${[for s in var.l : upper(s) if (length(s) > 1)]}' })],
    ['an escaped interpolation', resource({ a: 'literal $${notafunction(x)}' })],
    ['a string literal that looks like a call', resource({ a: '${format("templatestring(%s)", var.a)}' })],
    [
      'import without for_each, moved within a type, check blocks (1.5)',
      {
        import: [{ to: 'google_x.y', id: 'abc' }],
        moved: [{ from: 'google_x.a', to: 'google_x.b' }],
        check: { c: {} },
      },
    ],
    [
      'terraform_data with a cross-variable precondition',
      {
        resource: {
          terraform_data: {
            c: { lifecycle: { precondition: [{ condition: '${var.a == var.b}', error_message: 'x' }] } },
          },
        },
      },
    ],
  ])('%s', (_what, tf) => {
    expect(checkTerraformCompat(tf as Record<string, unknown>)).toEqual([]);
  });

  it('knows the functions of 1.5 and none of the later ones', () => {
    expect(TERRAFORM_1_5_FUNCTIONS).toEqual(
      expect.arrayContaining(['strcontains', 'plantimestamp', 'startswith', 'endswith', 'timecmp', 'one']),
    );
    expect(TERRAFORM_1_5_FUNCTIONS).not.toEqual(expect.arrayContaining(['templatestring']));
    expect(TERRAFORM_1_5_FUNCTIONS).not.toContain('issensitive');
  });

  it('ignores cdktf metadata', () => {
    expect(
      checkTerraformCompat({
        '//': { note: '${templatestring(x)}' },
        resource: { google_x: { y: { '//': { a: '${frobnicate()}' } } } },
      }),
    ).toEqual([]);
  });

  it('throws one line per problem, naming the file', () => {
    expect(() => assertTerraformCompat({ removed: [], mystery: {} }, 'main.tf.json')).toThrow(
      'main.tf.json: removed: "removed" block needs Terraform 1.7; allowed: the language of Terraform 1.5.7\nmain.tf.json: mystery: "mystery" is not a Terraform block; allowed: the language of Terraform 1.5.7',
    );
  });
});

describe('admitsVersion', () => {
  it.each([
    ['>= 1.4', true],
    ['>= 1.5.7', true],
    ['> 1.5.7', false],
    ['~> 1.5', true],
    ['~> 1.5.0', true],
    ['~> 1.4.0', false],
    ['>= 1.4, < 1.6', true],
    ['>= 1.4, < 1.5', false],
    ['= 1.5.7', true],
    ['1.5.7', true],
    ['!= 1.5.7', false],
    ['>= latest', false],
  ])('%s admits 1.5.7: %s', (constraint, admitted) => {
    expect(admitsVersion(constraint, '1.5.7')).toBe(admitted);
  });
});

describe('every stack this project synthesizes loads in Terraform 1.5.7', () => {
  // Each committed stack is synthesized once here and read by two tests.
  const synthesized = new Map<string, TerraformJson[]>();
  /** The environment stack and the bootstrap stack of `name`, as JSON. */
  const stacksOf = (name: (typeof ENVIRONMENT_NAMES)[number]): TerraformJson[] => {
    const made = synthesized.get(name);
    if (made) return made;
    const bootstrap = new BootstrapStack(Testing.app(), envConfig(name), 'cdktf.out/bootstrap');
    const both = [committedStack(name).tf, JSON.parse(Testing.synth(bootstrap)) as TerraformJson];
    synthesized.set(name, both);
    return both;
  };

  it.each(ENVIRONMENT_NAMES.map((n) => [n]))(
    '%s stacks declare Terraform 1.4+ (terraform_data), admitting 1.5.7',
    (name) => {
      for (const tf of stacksOf(name)) {
        expect(tf.terraform.required_version).toBe('>= 1.4.0');
        expect(TOOLCHAIN.minimumTerraformVersion).toBe('1.4.0');
      }
    },
  );

  it.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s environment stack', (name) => {
    expect(checkTerraformCompat(stacksOf(name)[0])).toEqual([]);
  });

  it.each(ENVIRONMENT_NAMES.map((n) => [n]))('%s bootstrap stack', (name) => {
    expect(checkTerraformCompat(stacksOf(name)[1])).toEqual([]);
  });

  it('the workload fixture (TPU, bucket object with an asset, counted resources)', () => {
    expect(checkTerraformCompat(synthWorkload().tf)).toEqual([]);
  });
});
