import { conditional, IAspect, IResolvable, TerraformDataSource, TerraformResource, Token } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * Feature toggles that take effect in Terraform, not only at synth: every resource under a toggled
 * construct gets `count = <condition> ? 1 : 0` (e.g. `var.enable_vertex_ai`), so Infrastructure
 * Manager's `--input-values enable_vertex_ai=false` really removes them.
 *
 * A counted resource must be referenced per instance. cdktf renders `google_x.y.attr`; the stack
 * rewrites every reference to a counted resource into `one(google_x.y[*].attr)` (see
 * rewriteCountedReferences), which is the value when the resource exists and null when it does not.
 * So constructs write ordinary cdktf references, toggled or not.
 */
const toggles = new WeakMap<IConstruct, unknown>();

/** Makes every resource and data source under `scope` exist only while `enabled` (a bool token) is true. */
export function toggleWith(scope: IConstruct, enabled: boolean | IResolvable): void {
  toggles.set(scope, enabled);
}

function toggleOf(node: IConstruct): unknown {
  for (let c: IConstruct | undefined = node; c; c = c.node.scope) {
    if (toggles.has(c)) return toggles.get(c);
  }
  return undefined;
}

function isElement(node: IConstruct): node is TerraformResource | TerraformDataSource {
  return TerraformResource.isTerraformResource(node) || node instanceof TerraformDataSource;
}

/** The aspect that sets `count` on toggled resources. */
export class ToggleAspect implements IAspect {
  visit(node: IConstruct): void {
    if (!isElement(node)) return;
    const enabled = toggleOf(node);
    if (enabled === undefined || node.count !== undefined) return;
    node.count = Token.asNumber(conditional(enabled, 1, 0));
  }
}

/** Terraform addresses (`type.name`, `data.type.name`) of every counted resource under `scope`. */
export function countedAddresses(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .filter(isElement)
    .filter((e) => e.count !== undefined)
    .map((e) => `${e instanceof TerraformDataSource ? 'data.' : ''}${e.terraformResourceType}.${e.friendlyUniqueId}`);
}

/** `ADDR.attr...` for any of `addresses`, not preceded by a word character or a dot. */
function referencePattern(addresses: readonly string[]): RegExp {
  const alternatives = [...addresses]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
  return new RegExp(`(?<![\\w.])(${alternatives})((?:\\.[A-Za-z_][\\w-]*|\\[[0-9]+\\]|\\["[^"]*"\\])+)`, 'g');
}

/**
 * The same rewrite for `cdktf synth --hcl` output (text): only inside `${...}` interpolations, where
 * cdktf writes every reference; `depends_on = [ADDR]` lists bare addresses and are left as they are.
 */
export function rewriteCountedReferencesInHcl(hcl: string, addresses: readonly string[]): string {
  if (addresses.length === 0) return hcl;
  const pattern = referencePattern(addresses);
  return hcl.replace(/\$\{[^{}]*\}/g, (interpolation) => interpolation.replace(pattern, 'one($1[*]$2)'));
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Rewrites `ADDR.attr...` into `one(ADDR[*].attr...)` in every string of a synthesized stack, for the
 * given counted addresses; `depends_on` entries (bare addresses) and cdktf metadata stay as they are.
 */
export function rewriteCountedReferences<T>(tf: T, addresses: readonly string[]): T {
  if (addresses.length === 0) return tf;
  const pattern = referencePattern(addresses);
  const rewrite = (value: unknown, key?: string): unknown => {
    if (key === '//' || key === 'depends_on') return value;
    if (typeof value === 'string') return value.includes('${') ? value.replace(pattern, 'one($1[*]$2)') : value;
    if (Array.isArray(value)) return value.map((v) => rewrite(v));
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, rewrite(v, k)]));
    }
    return value;
  };
  return rewrite(tf) as T;
}
