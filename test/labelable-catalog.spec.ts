import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LABELABLE_TYPES } from '../src/catalog';

/** The binding class for a resource type, from @cdktf/provider-google, else google-beta. */
function bindingClass(type: string): { prototype: object } {
  const short = type.replace(/^google_/, '').replace(/_/g, '-');
  const candidates = [`@cdktf/provider-google/lib/${short}`, `@cdktf/provider-google-beta/lib/google-${short}`];
  for (const module of candidates) {
    const dir = join(
      dirname(require.resolve('@cdktf/provider-google/package.json')),
      '..',
      module.replace(/^@cdktf\//, ''),
    );
    if (!existsSync(dir)) continue;
    const exported = Object.values(require(module) as Record<string, unknown>);
    const cls = exported.find(
      (v) => typeof v === 'function' && (v as unknown as { tfResourceType?: string }).tfResourceType === type,
    );
    if (cls) return cls as { prototype: object };
  }
  throw new Error(`no binding for ${type}`);
}

function has(proto: object, name: string): boolean {
  for (let p: object | null = proto; p && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    if (Object.getOwnPropertyDescriptor(p, name)) return true;
  }
  return false;
}

describe('LABELABLE_TYPES agrees with the provider bindings (6.50)', () => {
  it.each(Object.entries(LABELABLE_TYPES))('%s', (type, kind) => {
    const proto = bindingClass(type).prototype;
    expect(has(proto, kind.attribute === 'user_labels' ? 'userLabelsInput' : 'labelsInput')).toBe(true);
    // default_labels reach exactly the resources of the labels model (with effective_labels).
    expect(has(proto, 'effectiveLabels')).toBe(kind.takesDefaultLabels);
  });
});
