import { UNKNOWN, Unknown } from './terraform';

/**
 * A small evaluator for the IAM condition expressions (CEL) that scope storage grants: `||`, `&&`,
 * `!`, parentheses, `true`/`false`, `resource.name.startsWith("...")` / `.endsWith("...")`, and
 * `resource.(type|name|service) == / != "..."`. Anything else is UNKNOWN: a rule does not guess what
 * a condition it cannot read allows.
 */

/** The resource a request is about, as IAM sees it. */
export interface ConditionResource {
  readonly type: string;
  readonly name: string;
  readonly service: string;
}

/** A Cloud Storage object as a condition sees it. */
export function storageObject(bucket: string, objectName: string): ConditionResource {
  return {
    type: 'storage.googleapis.com/Object',
    name: `projects/_/buckets/${bucket}/objects/${objectName}`,
    service: 'storage.googleapis.com',
  };
}

type Token = { kind: 'op'; value: string } | { kind: 'str'; value: string } | { kind: 'word'; value: string };

class Unreadable extends Error {}

function tokenize(expr: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (/\s/.test(c)) {
      i++;
    } else if (
      expr.startsWith('||', i) ||
      expr.startsWith('&&', i) ||
      expr.startsWith('==', i) ||
      expr.startsWith('!=', i)
    ) {
      tokens.push({ kind: 'op', value: expr.slice(i, i + 2) });
      i += 2;
    } else if ('!()'.includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i++;
    } else if (c === '"' || c === "'") {
      let value = '';
      i++;
      while (i < expr.length && expr[i] !== c) {
        if (expr[i] === '\\') i++;
        value += expr[i] ?? '';
        i++;
      }
      if (expr[i] !== c) throw new Unreadable();
      tokens.push({ kind: 'str', value });
      i++;
    } else {
      const m = /^[A-Za-z_][\w.]*/.exec(expr.slice(i));
      if (!m) throw new Unreadable();
      tokens.push({ kind: 'word', value: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Whether the condition grants for `resource`; UNKNOWN when it uses anything this does not read. */
export function conditionApplies(expression: string, resource: ConditionResource): boolean | Unknown {
  let tokens: Token[];
  try {
    tokens = tokenize(expression);
  } catch {
    return UNKNOWN;
  }
  let pos = 0;
  const peek = () => tokens[pos];
  const take = (kind: Token['kind'], value?: string): Token => {
    const t = tokens[pos];
    if (!t || t.kind !== kind || (value !== undefined && t.value !== value)) throw new Unreadable();
    pos++;
    return t;
  };
  const attribute = (word: string): string => {
    switch (word) {
      case 'resource.type':
        return resource.type;
      case 'resource.name':
        return resource.name;
      case 'resource.service':
        return resource.service;
      default:
        throw new Unreadable();
    }
  };
  const atom = (): boolean => {
    const t = peek();
    if (t?.kind === 'op' && t.value === '!') {
      pos++;
      return !atom();
    }
    if (t?.kind === 'op' && t.value === '(') {
      pos++;
      const v = or();
      take('op', ')');
      return v;
    }
    const word = take('word').value;
    if (word === 'true' || word === 'false') return word === 'true';
    const method = /^(resource\.(?:name|type|service))\.(startsWith|endsWith)$/.exec(word);
    if (method) {
      take('op', '(');
      const arg = take('str').value;
      take('op', ')');
      const value = attribute(method[1]);
      return method[2] === 'startsWith' ? value.startsWith(arg) : value.endsWith(arg);
    }
    const value = attribute(word);
    const op = take('op').value;
    const arg = take('str').value;
    if (op === '==') return value === arg;
    if (op === '!=') return value !== arg;
    throw new Unreadable();
  };
  const and = (): boolean => {
    let v = atom();
    while (peek()?.kind === 'op' && peek().value === '&&') {
      pos++;
      const r = atom();
      v = v && r;
    }
    return v;
  };
  const or = (): boolean => {
    let v = and();
    while (peek()?.kind === 'op' && peek().value === '||') {
      pos++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  try {
    const v = or();
    if (pos !== tokens.length) return UNKNOWN;
    return v;
  } catch (e) {
    if (e instanceof Unreadable) return UNKNOWN;
    throw e;
  }
}
