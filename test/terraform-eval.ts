import { TerraformJson } from './helpers';

/**
 * The value of one attribute of one resource (`type.name`) that is known only after apply: the test
 * says what Google would return for that resource. Attributes the resource sets itself are not asked
 * for: they are read from its body.
 */
export type ApplyTimeAttribute = (type: string, name: string, attr: string, body: Record<string, unknown>) => string;

/**
 * Evaluates the string templates of a synthesized value the way Terraform would at plan time, for the
 * kinds of reference this project's locals hold: `var.x` (the variable's default),
 * `type.name.attr` (a resource without count), `one(type.name[*].attr)` (a counted resource) and
 * `jsonencode(local.x)` (another local, as a JSON string).
 * An attribute the resource's body sets is evaluated from the body; any other comes from `attrs`.
 * Any other expression, a reference to a missing resource, or a plain reference to a counted resource
 * (invalid in Terraform) fails the test, so nothing is silently left unevaluated.
 */
export function evaluate(value: unknown, tf: TerraformJson, attrs: ApplyTimeAttribute): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([^{}]*)\}$/.exec(value);
    if (whole) return expression(whole[1], tf, attrs);
    return value.replace(/\$\{([^{}]*)\}/g, (_, expr: string) => String(expression(expr, tf, attrs)));
  }
  if (Array.isArray(value)) return value.map((v) => evaluate(v, tf, attrs));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluate(v, tf, attrs)]));
  }
  return value;
}

function expression(expr: string, tf: TerraformJson, attrs: ApplyTimeAttribute): unknown {
  const variable = /^var\.([\w-]+)$/.exec(expr);
  if (variable) {
    const v = tf.variable[variable[1]];
    if (!v || !('default' in v)) throw new Error(`no default for var.${variable[1]}`);
    return v.default;
  }
  const counted = /^one\((google_[\w]+)\.([\w-]+)\[\*\]\.(\w+)\)$/.exec(expr);
  const plain = /^(google_[\w]+)\.([\w-]+)\.(\w+)$/.exec(expr);
  const ref = counted ?? plain;
  if (ref) {
    const [, type, name, attr] = ref;
    const body = tf.resource[type]?.[name];
    if (!body) throw new Error(`no resource ${type}.${name}`);
    if (plain && 'count' in body)
      throw new Error(`\${${expr}}: ${type}.${name} has count; a plain reference to it is invalid`);
    return attr in body ? evaluate(body[attr], tf, attrs) : attrs(type, name, attr, body);
  }
  const encoded = /^jsonencode\(local\.([\w-]+)\)$/.exec(expr);
  if (encoded) {
    const local = (tf.locals as Record<string, unknown> | undefined)?.[encoded[1]];
    if (local === undefined) throw new Error(`no local ${encoded[1]}`);
    return JSON.stringify(sortKeys(evaluate(local, tf, attrs)));
  }
  throw new Error(`cannot evaluate \${${expr}}`);
}

/** Terraform's jsonencode writes object keys in lexical order. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
