import { TerraformJson } from './helpers';

/**
 * Evaluates the string templates of a synthesized value the way Terraform would at plan time, for the
 * two kinds of reference this project's locals hold: `var.x` (the variable's default) and
 * `one(type.name[*].attr)` (a stand-in value given by the test). Any other expression fails the test,
 * so nothing is silently left unevaluated.
 */
export function evaluate(value: unknown, tf: TerraformJson, attrs: (type: string, attr: string) => string): unknown {
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

function expression(expr: string, tf: TerraformJson, attrs: (type: string, attr: string) => string): unknown {
  const variable = /^var\.([\w-]+)$/.exec(expr);
  if (variable) {
    const v = tf.variable[variable[1]];
    if (!v || !('default' in v)) throw new Error(`no default for var.${variable[1]}`);
    return v.default;
  }
  const counted = /^one\((google_[\w]+)\.([\w-]+)\[\*\]\.(\w+)\)$/.exec(expr);
  if (counted) {
    if (!tf.resource[counted[1]]?.[counted[2]]) throw new Error(`no resource ${counted[1]}.${counted[2]}`);
    return attrs(counted[1], counted[3]);
  }
  throw new Error(`cannot evaluate \${${expr}}`);
}
