/**
 * A read-only view of Terraform JSON (`*.tf.json`, as cdktf or anyone else writes it), with the few
 * evaluations the rules need. Values may be Terraform expressions: `${var.x}` resolves to the
 * variable's default when it has one; anything else is UNKNOWN, and rules do not guess about it.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type Body = Readonly<Record<string, unknown>>;

/** A value that cannot be known without running Terraform. */
export const UNKNOWN: unique symbol = Symbol('unknown');
export type Unknown = typeof UNKNOWN;

export interface Resource {
  readonly type: string;
  readonly name: string;
  /** `type.name`, as Terraform names it in plans and state. */
  readonly address: string;
  readonly body: Body;
  /** The cdktf construct path, when the JSON carries cdktf metadata. */
  readonly constructPath?: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Objects under a key: `{...}`, `[{...}, ...]` (Terraform JSON allows both), else none. */
function objects(v: unknown): Record<string, unknown>[] {
  if (Array.isArray(v)) return v.filter(isObject);
  return isObject(v) ? [v] : [];
}

const WHOLE_VAR = /^\$\{\s*var\.([A-Za-z_][\w-]*)\s*\}$/;
const ANY_INTERPOLATION = /\$\{([^}]*)\}/g;
const VAR_ONLY = /^\s*var\.([A-Za-z_][\w-]*)\s*$/;
/**
 * Attributes the provider computes from the ones a body sets, for references to them: a bucket's
 * `url` is `gs://<name>` and its `id` its name (provider 6.50 google_storage_bucket).
 */
const DERIVED_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, (body: Body) => unknown>>>> = {
  google_storage_bucket: {
    url: (b) => (typeof b.name === 'string' ? `gs://${b.name}` : undefined),
    id: (b) => b.name,
  },
};

/** `type.name.attr` or `one(type.name[*].attr)` (how cdktf refers to a counted resource). */
const RESOURCE_REF = /^\s*(?:one\(\s*)?([a-z][a-z0-9_]*)\.([\w-]+)(?:\[\*\])?\.([a-z_][a-z0-9_]*)\s*\)?\s*$/;

export class TerraformDocument {
  readonly resources: readonly Resource[];
  private readonly variables: Record<string, unknown>;

  constructor(readonly json: Readonly<Record<string, unknown>>) {
    const resources: Resource[] = [];
    for (const byType of objects(json.resource)) {
      for (const [type, byName] of Object.entries(byType)) {
        for (const names of objects(byName)) {
          for (const [name, bodies] of Object.entries(names)) {
            for (const body of objects(bodies)) {
              const meta = objects(body['//'])[0];
              const path = objects(meta?.metadata)[0]?.path;
              resources.push({
                type,
                name,
                address: `${type}.${name}`,
                body,
                constructPath: typeof path === 'string' ? path : undefined,
              });
            }
          }
        }
      }
    }
    this.resources = resources;
    this.variables = {};
    for (const byName of objects(json.variable)) {
      for (const [name, decl] of Object.entries(byName)) this.variables[name] = objects(decl)[0]?.default;
    }
  }

  /** The resources of the given types, in file order. */
  ofType(...types: string[]): Resource[] {
    return this.resources.filter((r) => types.includes(r.type));
  }

  /** Data sources of one type, by name. */
  dataSource(type: string, name: string): Body | undefined {
    for (const byType of objects(this.json.data)) {
      const found = objects(objects(byType[type])[0]?.[name])[0];
      if (found) return found;
    }
    return undefined;
  }

  /**
   * The value of an attribute: literals as they are, `${var.x}` (alone or inside a string) from the
   * variable's default, anything else UNKNOWN. Missing stays undefined.
   */
  resolve(value: unknown): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    const whole = WHOLE_VAR.exec(value);
    if (whole) return this.variableDefault(whole[1]);
    return this.interpolate(value, () => UNKNOWN);
  }

  /**
   * Like resolve, and also follows references to other resources' attributes that their bodies set
   * (`type.name.attr`, `one(type.name[*].attr)`), e.g. a grant's `bucket = google_storage_bucket.lake.name`
   * resolves to the name that bucket is given. Anything else is UNKNOWN.
   */
  resolveReferences(value: unknown, depth = 0): unknown {
    if (typeof value !== 'string' || !value.includes('${')) return value;
    if (depth > 5) return UNKNOWN;
    return this.interpolate(value, (expr) => {
      const ref = RESOURCE_REF.exec(expr);
      const r = ref ? this.resources.find((x) => x.type === ref[1] && x.name === ref[2]) : undefined;
      if (!r || !ref) return UNKNOWN;
      const derived = DERIVED_ATTRIBUTES[r.type]?.[ref[3]];
      return ref[3] in r.body || !derived
        ? this.resolveReferences(r.body[ref[3]], depth + 1)
        : this.resolveReferences(derived(r.body), depth + 1);
    });
  }

  /** Replaces each `${...}`: variables by their defaults, anything else by `other`; UNKNOWN if any part is not a scalar. */
  private interpolate(value: string, other: (expr: string) => unknown): unknown {
    let unknown = false;
    const text = value.replace(ANY_INTERPOLATION, (_, expr: string) => {
      const v = VAR_ONLY.exec(expr);
      const d = v ? this.variableDefault(v[1]) : other(expr);
      if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') return String(d);
      unknown = true;
      return '';
    });
    return unknown ? UNKNOWN : text;
  }

  /** The project a resource lives in: its `project`, else its provider's (resolved; UNKNOWN when neither is known). */
  projectOf(resource: Resource): string | Unknown {
    const own = this.resolveReferences(resource.body.project);
    if (typeof own === 'string') return own;
    if (own !== undefined) return UNKNOWN;
    const fromProvider = this.resolve(this.providerFor(resource)?.project);
    return typeof fromProvider === 'string' ? fromProvider : UNKNOWN;
  }

  private variableDefault(name: string): unknown {
    const d = this.variables[name];
    return d === undefined || d === null ? UNKNOWN : d;
  }

  /** A string attribute: the string, undefined when missing, UNKNOWN when an expression. */
  string(body: Body | undefined, key: string): string | undefined | Unknown {
    const v = this.resolve(body?.[key]);
    if (v === undefined || v === null) return undefined;
    return typeof v === 'string' ? v : v === UNKNOWN ? UNKNOWN : String(v);
  }

  /** A boolean attribute; Terraform accepts "true"/"false" strings too. */
  bool(body: Body | undefined, key: string): boolean | undefined | Unknown {
    const v = this.resolve(body?.[key]);
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'boolean') return v;
    if (v === 'true' || v === 'false') return v === 'true';
    return UNKNOWN;
  }

  /** A list of strings; UNKNOWN when the list or any element is an expression. */
  strings(body: Body | undefined, key: string): string[] | undefined | Unknown {
    const v = this.resolve(body?.[key]);
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return UNKNOWN;
    const out: string[] = [];
    for (const item of v) {
      const r = this.resolve(item);
      if (typeof r !== 'string') return UNKNOWN;
      out.push(r);
    }
    return out;
  }

  /** A nested block (`{...}` or `[{...}]`): the first instance, undefined when absent, UNKNOWN when dynamic. */
  block(body: Body | undefined, key: string): Body | undefined | Unknown {
    const all = this.blocks(body, key);
    return all === UNKNOWN ? UNKNOWN : all[0];
  }

  /** Every instance of a nested block; UNKNOWN when it is generated (`dynamic`) or an expression. */
  blocks(body: Body | undefined, key: string): Body[] | Unknown {
    if (!body) return [];
    if (objects(body.dynamic).some((d) => key in d)) return UNKNOWN;
    const v = body[key];
    if (typeof v === 'string') return UNKNOWN;
    return objects(v);
  }

  /** A map attribute (e.g. labels): its keys with resolved values; UNKNOWN when the map is another expression. */
  map(body: Body | undefined, key: string): Record<string, unknown> | undefined | Unknown {
    const v = this.resolve(body?.[key]);
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) return UNKNOWN;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, this.resolve(x)]));
  }

  /** The provider configuration a resource uses (its `provider` meta-argument, else the type's prefix). */
  providerFor(resource: Resource): Body | undefined {
    const ref =
      typeof resource.body.provider === 'string'
        ? resource.body.provider.replace(/^\$\{(.*)\}$/, '$1')
        : resource.type.split('_')[0];
    const [name, alias] = ref.split('.');
    for (const byName of objects(this.json.provider)) {
      const found = objects(byName[name]).find((p) => (alias ? p.alias === alias : p.alias === undefined));
      if (found) return found;
    }
    return undefined;
  }
}

export { isObject, objects };
