import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { InputError } from '../core/errors';
import { SUPPRESSIONS_KEY } from './engine';
import { RULE_IDS } from './rules';
import { isObject } from './terraform';
import { Suppression } from './types';
import { shown } from '../core/problem-line';

const registry = new WeakMap<IConstruct, Suppression[]>();

/**
 * Accepts findings of `rule` on every resource under `scope` (a construct, or a whole stack), for
 * the stated reason. The reason is shown with the finding at every synth and travels in the
 * synthesized JSON, so `npm run policy` over the output agrees. An empty reason or an unknown rule
 * id is refused at once.
 */
export function suppress(scope: IConstruct, rule: string, reason: string): void {
  if (!RULE_IDS.includes(rule)) {
    throw new InputError([
      `suppress(${scope.node.path}): rule=${shown(rule)}: not a rule of the policy pack; allowed: ${RULE_IDS.join(', ')}`,
    ]);
  }
  if (typeof reason !== 'string' || reason.trim() === '') {
    throw new InputError([
      `suppress(${scope.node.path}, "${rule}"): reason=${shown(reason ?? '')}: empty; allowed: a sentence saying why the finding is acceptable here`,
    ]);
  }
  const list = registry.get(scope) ?? [];
  if (!list.some((s) => s.rule === rule)) list.push({ rule, reason: reason.trim() });
  registry.set(scope, list);
}

/** The suppressions that apply to `node`: its own and its ancestors', nearest first. */
export function suppressionsFor(node: IConstruct): Suppression[] {
  const out: Suppression[] = [];
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    for (const s of registry.get(c) ?? []) if (!out.some((o) => o.rule === s.rule)) out.push(s);
  }
  return out;
}

/** Writes each resource's suppressions into its `"//"` comment in `tf` (the stack's JSON), in place. */
export function annotateSuppressions(stack: TerraformStack, tf: Record<string, unknown>): void {
  const resources = isObject(tf.resource) ? tf.resource : {};
  for (const node of stack.node.findAll()) {
    if (!TerraformResource.isTerraformResource(node)) continue;
    const suppressions = suppressionsFor(node);
    if (suppressions.length === 0) continue;
    const byName = resources[node.terraformResourceType];
    const body = isObject(byName) ? byName[node.friendlyUniqueId] : undefined;
    if (!isObject(body)) continue;
    const comment = isObject(body['//']) ? body['//'] : {};
    body['//'] = { ...comment, [SUPPRESSIONS_KEY]: suppressions };
  }
}
