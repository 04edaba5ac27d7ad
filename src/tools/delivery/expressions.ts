/**
 * A small reader for the expressions inside Terraform JSON strings (`"${...}"`): enough to find the
 * functions called and the objects referenced, without a full HCL parser. String literals inside an
 * expression are blanked (their own interpolations are read as expressions of their own), so a
 * regex pattern such as `"^[a-z](...)$"` is never mistaken for a call or a reference.
 */

/** The code of every interpolation in `template`, outermost first, string literals blanked. */
export function interpolations(template: string): string[] {
  const out: string[] = [];
  scanTemplate(template, 0, out, false);
  return out;
}

function scanTemplate(s: string, start: number, out: string[], inLiteral: boolean): number {
  let i = start;
  while (i < s.length) {
    if (inLiteral && s[i] === '"') return i + 1;
    if (inLiteral && s[i] === '\\') {
      i += 2;
      continue;
    }
    if (s.startsWith('$${', i)) {
      i += 3;
      continue;
    }
    if (s.startsWith('${', i)) {
      const slot = out.length;
      out.push('');
      const [code, next] = scanExpression(s, i + 2, out);
      out[slot] = code;
      i = next;
      continue;
    }
    i++;
  }
  return i;
}

function scanExpression(s: string, start: number, out: string[]): [string, number] {
  let depth = 0;
  let code = '';
  let i = start;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      code += '""';
      i = scanTemplate(s, i + 1, out, true);
      continue;
    }
    if (c === '{') depth++;
    if (c === '}') {
      if (depth === 0) return [code, i + 1];
      depth--;
    }
    code += c;
    i++;
  }
  return [code, i];
}

const KEYWORDS = new Set(['if', 'for', 'in', 'true', 'false', 'null']);

/** Names called as functions in one expression's code, e.g. `regex`, `provider::google::x`. */
export function functionCalls(code: string): string[] {
  const names: string[] = [];
  for (const m of code.matchAll(/(?<![\w.:])([A-Za-z_][\w]*(?:::[A-Za-z_][\w]*)*)\s*\(/g)) {
    if (!KEYWORDS.has(m[1])) names.push(m[1]);
  }
  return names;
}

/** References in one expression's code, as `root.name` (e.g. `var.zone`, `google_x.y`, `local.a`). */
export function references(code: string): string[] {
  const refs: string[] = [];
  for (const m of code.matchAll(/(?<![\w.:-])([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/g)) refs.push(`${m[1]}.${m[2]}`);
  return refs;
}

/** Calls `visit` for every string in a JSON value, with its path (`resource.google_x.y.name`). */
export function walkStrings(
  value: unknown,
  visit: (text: string, path: string, key: string) => void,
  path = '',
  key = '',
): void {
  if (typeof value === 'string') {
    visit(value, path, key);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => walkStrings(v, visit, `${path}[${i}]`, key));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      walkStrings(v, visit, path ? `${path}.${k}` : k, k);
  }
}
