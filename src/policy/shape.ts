import { NEWER_BLOCKS, TERRAFORM_1_5_BLOCKS } from '../toolchain';
import { isObject } from './terraform';

/**
 * Whether a parsed JSON file is Terraform JSON at all, before the rules look at it (a `package.json`
 * must not pass with "0 errors"). The top level is an object whose keys are Terraform's top-level
 * blocks (src/toolchain/terraform-language.ts, newer ones included) or the `//` comment; `resource` and
 * `data` are, level by level (type, name, body), objects or arrays of objects, as Terraform's JSON
 * syntax allows. `//` comment keys are skipped at every level. One line per problem.
 */
export const TERRAFORM_JSON_KEYS: readonly string[] = [...TERRAFORM_1_5_BLOCKS, ...Object.keys(NEWER_BLOCKS)];

/** type, name, body */
const BODY_DEPTH = 2;
const SHAPE = 'an object {"<type>": {"<name>": {...body}}}, each level an object or an array of objects';

export function terraformJsonProblems(json: unknown): string[] {
  if (!isObject(json)) {
    return [
      `top level is ${describe(json)}; allowed: an object whose keys are Terraform blocks (${TERRAFORM_JSON_KEYS.join(', ')})`,
    ];
  }
  const problems: string[] = [];
  const unknown = Object.keys(json).filter((k) => !TERRAFORM_JSON_KEYS.includes(k));
  if (unknown.length) {
    problems.push(
      `top-level key(s) ${unknown.map((k) => JSON.stringify(k)).join(', ')}: not Terraform blocks; allowed: ${TERRAFORM_JSON_KEYS.join(', ')}`,
    );
  }
  for (const block of ['resource', 'data']) {
    if (block in json) checkLevel(json[block], block, 0, problems);
  }
  return problems;
}

/** `value` at `path` must be an object (or an array of objects) holding level `depth`'s entries. */
function checkLevel(value: unknown, path: string, depth: number, problems: string[]): void {
  const instances = Array.isArray(value) ? value : [value];
  if (!instances.every(isObject)) {
    const what = ['not an object of types', 'not an object of names', 'not a block body (an object)'][depth];
    problems.push(`${path}=${shown(value)}: ${what}; allowed: ${SHAPE}`);
    return;
  }
  if (depth === BODY_DEPTH) return;
  for (const instance of instances as Record<string, unknown>[]) {
    for (const [key, child] of Object.entries(instance)) {
      if (key !== '//') checkLevel(child, `${path}.${key}`, depth + 1, problems);
    }
  }
}

function describe(v: unknown): string {
  return Array.isArray(v) ? 'an array' : v === null ? 'null' : `a ${typeof v}`;
}

function shown(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
