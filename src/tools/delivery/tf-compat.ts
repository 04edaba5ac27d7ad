import {
  NEWER_BLOCKS,
  NEWER_FUNCTIONS,
  TERRAFORM_1_5_BLOCKS,
  TERRAFORM_1_5_FUNCTIONS,
  TOOLCHAIN,
} from '../../toolchain';
import { InputError } from '../../core/errors';
import { functionCalls, interpolations, references, walkStrings } from './expressions';

/**
 * A static check that Terraform JSON loads in Terraform 1.5.7, Infrastructure Manager's newest
 * version: it rejects the language features that came later (removed blocks and import for_each
 * in 1.7, provider-defined functions in 1.8, cross-object variable validation and templatestring in
 * 1.9, ephemeral values in 1.10, write-only attributes in 1.11, ...) and any function Terraform 1.5
 * does not have. It reads the JSON only: no Terraform, no providers, no network.
 */
export function checkTerraformCompat(tf: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const target = TOOLCHAIN.infraManagerTerraformVersion;
  const add = (path: string, what: string, since?: string) =>
    problems.push(
      `${path}: ${what}${since ? ` needs Terraform ${since}` : ''}; allowed: the language of Terraform ${target}`,
    );

  for (const block of Object.keys(tf)) {
    if (NEWER_BLOCKS[block]) add(block, `"${block}" block`, NEWER_BLOCKS[block]);
    else if (!TERRAFORM_1_5_BLOCKS.includes(block)) add(block, `"${block}" is not a Terraform block`);
  }

  const known = new Set(TERRAFORM_1_5_FUNCTIONS);
  walkStrings(tf, (text, path, key) => {
    if (key === '//' || path.startsWith('//') || path.includes('.//')) return;
    for (const code of interpolations(text)) {
      for (const fn of new Set(functionCalls(code))) {
        if (fn.includes('::')) add(path, `provider-defined function ${fn}()`, '1.8');
        else if (NEWER_FUNCTIONS[fn]) add(path, `function ${fn}()`, NEWER_FUNCTIONS[fn]);
        else if (!known.has(fn)) add(path, `function ${fn}() is not a Terraform ${target} function`);
      }
    }
  });

  checkVariables(tf.variable, add);
  checkOutputs(tf.output, add);
  checkImports(tf.import, add);
  checkMoved(tf.moved, add);
  checkWriteOnly(tf.resource, add);
  if (tf.terraform && typeof tf.terraform === 'object' && 'experiments' in tf.terraform)
    add('terraform.experiments', 'language experiments are not allowed in releases');
  for (const [i, block] of asList(tf.terraform).entries()) {
    const constraint = block.required_version;
    if (typeof constraint === 'string' && !admitsVersion(constraint, target))
      add(
        `terraform${Array.isArray(tf.terraform) ? `[${i}]` : ''}.required_version`,
        `"${constraint}" excludes ${target}`,
      );
  }
  return problems;
}

/**
 * Whether a Terraform version constraint (`>= 1.4`, `~> 1.5.0`, `>= 1.4, < 2.0`, `= 1.5.7`) admits
 * `version`. A constraint this cannot read admits nothing, so it is reported.
 */
export function admitsVersion(constraint: string, version: string): boolean {
  const parse = (v: string) => v.split('.').map((n) => Number(n));
  const compare = (a: number[], b: number[]) => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const d = (a[i] ?? 0) - (b[i] ?? 0);
      if (d !== 0) return Math.sign(d);
    }
    return 0;
  };
  const v = parse(version);
  return constraint.split(',').every((part) => {
    const m = /^\s*(>=|<=|!=|~>|>|<|=)?\s*v?(\d+(?:\.\d+){0,2})\s*$/.exec(part);
    if (!m) return false;
    const bound = parse(m[2]);
    const c = compare(v, bound);
    switch (m[1] ?? '=') {
      case '>=':
        return c >= 0;
      case '>':
        return c > 0;
      case '<=':
        return c <= 0;
      case '<':
        return c < 0;
      case '!=':
        return c !== 0;
      case '~>': {
        // ~> 1.5 allows 1.x from 1.5; ~> 1.5.0 allows 1.5.x from 1.5.0.
        const upper = bound.slice(0, Math.max(1, bound.length - 1));
        upper[upper.length - 1] += 1;
        return c >= 0 && compare(v, upper) < 0;
      }
      default:
        return c === 0;
    }
  });
}

/** Throws InputError (one line per problem) unless the JSON loads in Terraform 1.5.7. */
export function assertTerraformCompat(tf: Record<string, unknown>, what: string): void {
  const problems = checkTerraformCompat(tf);
  if (problems.length) throw new InputError(problems.map((p) => `${what}: ${p}`));
}

type Add = (path: string, what: string, since?: string) => void;
type Blocks = Record<string, Record<string, unknown>> | undefined;

function asList(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value as Record<string, unknown>[];
  return value && typeof value === 'object' ? [value as Record<string, unknown>] : [];
}

function checkVariables(variables: unknown, add: Add): void {
  for (const [name, body] of Object.entries((variables as Blocks) ?? {})) {
    const path = `variable.${name}`;
    if ('ephemeral' in body) add(`${path}.ephemeral`, 'ephemeral variables', '1.10');
    asList(body.validation).forEach((rule, i) => {
      for (const field of ['condition', 'error_message']) {
        const text = rule[field];
        if (typeof text !== 'string') continue;
        const refs = interpolations(text).flatMap(references);
        const others = [...new Set(refs.filter((r) => r !== `var.${name}`))];
        if (others.length)
          add(`${path}.validation[${i}].${field}`, `reference to ${others.join(', ')} in a variable validation`, '1.9');
        if (field === 'condition' && !refs.includes(`var.${name}`))
          add(`${path}.validation[${i}].condition`, `a validation condition must refer to var.${name}`);
      }
    });
  }
}

function checkOutputs(outputs: unknown, add: Add): void {
  for (const [name, body] of Object.entries((outputs as Blocks) ?? {})) {
    if ('ephemeral' in body) add(`output.${name}.ephemeral`, 'ephemeral outputs', '1.10');
  }
}

function checkImports(imports: unknown, add: Add): void {
  asList(imports).forEach((block, i) => {
    if ('for_each' in block) add(`import[${i}].for_each`, 'import with for_each', '1.7');
    if ('identity' in block) add(`import[${i}].identity`, 'import by identity', '1.12');
  });
}

function checkMoved(moved: unknown, add: Add): void {
  asList(moved).forEach((block, i) => {
    const type = (v: unknown) => (typeof v === 'string' ? v.replace(/^\$\{|\}$/g, '').split('.')[0] : undefined);
    const [from, to] = [type(block.from), type(block.to)];
    if (from && to && from !== to && from !== 'module' && to !== 'module')
      add(`moved[${i}]`, `moving ${from} to another resource type (${to})`, '1.8');
  });
}

function checkWriteOnly(resources: unknown, add: Add): void {
  for (const [type, byName] of Object.entries((resources as Record<string, Blocks>) ?? {})) {
    for (const [name, body] of Object.entries(byName ?? {})) {
      const visit = (value: unknown, path: string): void => {
        if (!value || typeof value !== 'object') return;
        for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
          if (/_wo(_version)?$/.test(k)) add(`${path}.${k}`, 'write-only attribute', '1.11');
          visit(v, `${path}.${k}`);
        }
      };
      visit(body, `resource.${type}.${name}`);
    }
  }
}
