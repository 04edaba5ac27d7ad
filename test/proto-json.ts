/**
 * Holds a JSON value against a protobuf message of the Monitoring Dashboards API, as the API's
 * proto3 JSON parser would: unknown fields, wrong scalar types, unknown enum values, two members of
 * one oneof, and missing REQUIRED fields are problems. The descriptors are the API's own, shipped in
 * @google-cloud/monitoring-dashboards (build/protos/protos.json), loaded once per process.
 *
 * Stricter than the API in one way: only the JSON (lowerCamelCase) field names are accepted, which is
 * what the API itself returns and what `google_monitoring_dashboard` compares against.
 */

interface FieldDescriptor {
  readonly type: string;
  readonly id: number;
  readonly rule?: 'repeated';
  readonly keyType?: string;
  readonly options?: Record<string, unknown>;
}

interface Descriptor {
  readonly fields?: Record<string, FieldDescriptor>;
  readonly oneofs?: Record<string, { readonly oneof: readonly string[] }>;
  readonly values?: Record<string, number>;
  readonly nested?: Record<string, Descriptor>;
}

const ROOT = require('@google-cloud/monitoring-dashboards/build/protos/protos.json') as Descriptor;

const INTEGER_32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const INTEGER_64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const FLOATING = new Set(['double', 'float']);
const SCALARS = new Set([...INTEGER_32, ...INTEGER_64, ...FLOATING, 'string', 'bool', 'bytes']);

const cache = new Map<string, { name: string; descriptor: Descriptor } | null>();

function lookup(fullName: string): Descriptor | undefined {
  let node: Descriptor | undefined = ROOT;
  for (const part of fullName.split('.')) node = node?.nested?.[part];
  return node;
}

/** Resolves a type reference as protobuf does: from the innermost enclosing scope outwards. */
function resolve(type: string, scope: string): { name: string; descriptor: Descriptor } {
  const key = `${scope}|${type}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const parts = scope.split('.');
  for (let i = parts.length; i >= 0; i--) {
    const name = [...parts.slice(0, i), type].join('.');
    const descriptor = lookup(name);
    if (descriptor && (descriptor.fields || descriptor.values)) {
      const found = { name, descriptor };
      cache.set(key, found);
      return found;
    }
  }
  throw new Error(`descriptor for type ${type} (from ${scope}) not found in protos.json`);
}

function isRequired(field: FieldDescriptor): boolean {
  const behavior = field.options?.['(google.api.field_behavior)'];
  return behavior === 'REQUIRED' || (Array.isArray(behavior) && behavior.includes('REQUIRED'));
}

const DURATION = /^-?[0-9]+(\.[0-9]{1,9})?s$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;

function checkWellKnown(name: string, value: unknown, path: string): string[] | undefined {
  switch (name) {
    case 'google.protobuf.Duration':
      return typeof value === 'string' && DURATION.test(value)
        ? []
        : [`${path}: ${JSON.stringify(value)} is not a Duration (e.g. "60s")`];
    case 'google.protobuf.Timestamp':
      return typeof value === 'string' && TIMESTAMP.test(value)
        ? []
        : [`${path}: ${JSON.stringify(value)} is not an RFC 3339 Timestamp`];
    case 'google.protobuf.Empty':
      return isObject(value) && Object.keys(value).length === 0 ? [] : [`${path}: Empty must be {}`];
    case 'google.protobuf.Struct':
      return isObject(value) ? [] : [`${path}: Struct must be an object`];
    case 'google.protobuf.Value':
      return [];
    case 'google.protobuf.ListValue':
      return Array.isArray(value) ? [] : [`${path}: ListValue must be an array`];
    default:
      return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkScalar(type: string, value: unknown, path: string): string[] {
  const bad = [`${path}: ${JSON.stringify(value)} is not a ${type}`];
  if (type === 'string') return typeof value === 'string' ? [] : bad;
  if (type === 'bool') return typeof value === 'boolean' ? [] : bad;
  if (type === 'bytes') return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? [] : bad;
  if (INTEGER_32.has(type) || INTEGER_64.has(type)) {
    const n = typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) return bad;
    if (type.startsWith('u') || type.startsWith('fixed')) return n >= 0 ? [] : bad;
    return [];
  }
  if (FLOATING.has(type))
    return typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? [] : bad;
  return bad;
}

function checkValue(type: string, scope: string, value: unknown, path: string): string[] {
  if (SCALARS.has(type)) return checkScalar(type, value, path);
  const { name, descriptor } = resolve(type, scope);
  const wellKnown = checkWellKnown(name, value, path);
  if (wellKnown) return wellKnown;
  if (descriptor.values) {
    const names = Object.keys(descriptor.values);
    const known =
      typeof value === 'string'
        ? names.includes(value)
        : typeof value === 'number' && Object.values(descriptor.values).includes(value);
    return known
      ? []
      : [`${path}: ${JSON.stringify(value)} is not a value of enum ${name}; allowed: ${names.join(', ')}`];
  }
  return checkMessage(name, descriptor, value, path);
}

function checkMessage(name: string, descriptor: Descriptor, value: unknown, path: string): string[] {
  if (!isObject(value)) return [`${path}: expected an object (${name}), got ${JSON.stringify(value)}`];
  const fields = descriptor.fields ?? {};
  const problems: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = fields[key];
    const at = `${path}.${key}`;
    if (!field) {
      problems.push(`${at}: unknown field of ${name}; allowed: ${Object.keys(fields).join(', ')}`);
      continue;
    }
    if (v === null) {
      problems.push(`${at}: null; allowed: omit the field instead`);
    } else if (field.keyType) {
      if (!isObject(v)) problems.push(`${at}: map field must be an object`);
      else
        for (const [k, item] of Object.entries(v))
          problems.push(...checkValue(field.type, name, item, `${at}["${k}"]`));
    } else if (field.rule === 'repeated') {
      if (!Array.isArray(v)) problems.push(`${at}: repeated field must be an array`);
      else v.forEach((item, i) => problems.push(...checkValue(field.type, name, item, `${at}[${i}]`)));
    } else {
      problems.push(...checkValue(field.type, name, v, at));
    }
  }
  for (const [oneofName, oneof] of Object.entries(descriptor.oneofs ?? {})) {
    const set = oneof.oneof.filter((member) => member in value);
    if (set.length > 1)
      problems.push(`${path}: oneof ${name}.${oneofName} has ${set.join(' and ')} set; allowed: at most one`);
  }
  for (const [key, field] of Object.entries(fields)) {
    if (isRequired(field) && !(key in value)) problems.push(`${path}.${key}: REQUIRED field of ${name} is missing`);
  }
  return problems;
}

/** Every problem of `value` as JSON of the message `fullName` (e.g. google.monitoring.dashboard.v1.Dashboard). */
export function protoJsonProblems(fullName: string, value: unknown): string[] {
  const descriptor = lookup(fullName);
  if (!descriptor?.fields) throw new Error(`message ${fullName} not found in protos.json`);
  return checkMessage(fullName, descriptor, value, '$');
}

/**
 * Where the API would read `value` back differently from how it is written, as proto3 JSON output
 * does: a field without presence (not in a oneof, not `optional`) that holds its default (0, false,
 * "", an empty list or map, an enum's zero value) is left out, and an int64 is written as a string.
 * `google_monitoring_dashboard` shows each such field as a change on every plan.
 */
export function readBackDifferences(fullName: string, value: unknown): string[] {
  const descriptor = lookup(fullName);
  if (!descriptor?.fields) throw new Error(`message ${fullName} not found in protos.json`);
  return differences(fullName, descriptor, value, '$');
}

function differences(name: string, descriptor: Descriptor, value: unknown, path: string): string[] {
  if (!isObject(value)) return [];
  const withPresence = new Set(Object.values(descriptor.oneofs ?? {}).flatMap((o) => o.oneof));
  const out: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = descriptor.fields?.[key];
    if (!field) continue;
    const at = `${path}.${key}`;
    if (field.keyType) {
      if (isObject(v) && Object.keys(v).length === 0) out.push(`${at}: an empty map is left out on read`);
      else if (isObject(v))
        for (const [k, item] of Object.entries(v))
          out.push(...itemDifferences(field.type, name, item, `${at}["${k}"]`));
    } else if (field.rule === 'repeated') {
      if (Array.isArray(v) && v.length === 0) out.push(`${at}: an empty list is left out on read`);
      else if (Array.isArray(v))
        v.forEach((item, i) => out.push(...itemDifferences(field.type, name, item, `${at}[${i}]`)));
    } else {
      if (!withPresence.has(key) && isDefault(field.type, name, v))
        out.push(`${at}: ${JSON.stringify(v)} is the default and is left out on read`);
      out.push(...itemDifferences(field.type, name, v, at));
    }
  }
  return out;
}

function itemDifferences(type: string, scope: string, value: unknown, path: string): string[] {
  if (INTEGER_64.has(type))
    return typeof value === 'number' ? [`${path}: int64 ${value} is read back as the string "${value}"`] : [];
  if (SCALARS.has(type)) return [];
  const { name, descriptor } = resolve(type, scope);
  if (descriptor.values || name.startsWith('google.protobuf.')) return [];
  return differences(name, descriptor, value, path);
}

function isDefault(type: string, scope: string, value: unknown): boolean {
  if (SCALARS.has(type)) return value === 0 || value === '0' || value === false || value === '';
  const { descriptor } = resolve(type, scope);
  if (!descriptor.values) return false; // a set message field is never a default
  const zero = Object.entries(descriptor.values).find(([, n]) => n === 0)?.[0];
  return value === 0 || value === zero;
}
