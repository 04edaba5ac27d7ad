import { Aspects, IAspect, TerraformResource } from 'cdktf';
import { IConstruct } from 'constructs';
import { NOT_RESOURCE_LABELS } from '../catalog/labelable';
import { DEFAULT_COMPONENT, MANAGED_BY, StandardLabels } from './standard-labels';

export { DEFAULT_COMPONENT, MANAGED_BY, STANDARD_LABEL_KEYS } from './standard-labels';
export type { StandardLabels } from './standard-labels';

const components = new WeakMap<IConstruct, string>();

/** Declares the `component` label for every resource under `scope` (nearest declaration wins). */
export function setComponent(scope: IConstruct, component: string): void {
  components.set(scope, component);
}

export function componentOf(node: IConstruct): string {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const found = components.get(c);
    if (found) return found;
  }
  return DEFAULT_COMPONENT;
}

type Labelled = TerraformResource & Record<string, unknown>;

/**
 * The attribute that holds a resource's own labels: `user_labels` where a resource has it (monitoring
 * resources, whose `labels` mean something else), else `labels`; undefined when it has neither.
 */
export function labelAttribute(resource: TerraformResource): 'userLabels' | 'labels' | undefined {
  if (NOT_RESOURCE_LABELS.includes(resource.terraformResourceType)) return undefined;
  const proto = Object.getPrototypeOf(resource) as object;
  const has = (name: string) => hasAccessor(proto, name);
  if (has('userLabelsInput')) return 'userLabels';
  if (has('labelsInput')) return 'labels';
  return undefined;
}

function hasAccessor(proto: object | null, name: string): boolean {
  for (let p = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.getOwnPropertyDescriptor(p, name)) return true;
  }
  return false;
}

/**
 * Puts environment, component and managed-by on every resource that takes labels, on top of the
 * environment's own labels and whatever the construct set. The standard three always win.
 */
export class LabelsAspect implements IAspect {
  constructor(
    private readonly environment: string,
    private readonly extra: Readonly<Record<string, string>> = {},
  ) {}

  visit(node: IConstruct): void {
    if (!TerraformResource.isTerraformResource(node)) return;
    const attr = labelAttribute(node);
    if (!attr) return;
    const resource = node as Labelled;
    const own = (resource[`${attr}Input`] as Record<string, string> | undefined) ?? {};
    resource[attr] = this.labelsFor(node, own);
  }

  /** The labels a resource at `node` with its own labels `own` ends up with. */
  labelsFor(node: IConstruct, own: Readonly<Record<string, string>> = {}): Record<string, string> {
    const standard: StandardLabels = {
      environment: this.environment,
      component: componentOf(node),
      'managed-by': MANAGED_BY,
    };
    return { ...this.extra, ...own, ...standard };
  }
}

/**
 * The labels the nearest LabelsAspect gives a resource at `node` (just `own` when there is none):
 * for things that carry labels but are not Terraform resources, such as a REST request body or a
 * CLI command, so they match the resources exactly. Call it at synth time (inside a Lazy), after the
 * stack has added its aspects.
 */
export function effectiveLabels(node: IConstruct, own: Readonly<Record<string, string>> = {}): Record<string, string> {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    const aspect = Aspects.of(c).all.find((a): a is LabelsAspect => a instanceof LabelsAspect);
    if (aspect) return aspect.labelsFor(node, own);
  }
  return { ...own };
}
