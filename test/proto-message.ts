/**
 * Holds a JSON request body against a message of any Google API whose protobufjs JSON descriptors ship
 * in an npm package (e.g. `@google-cloud/tpu/build/protos/protos.json`), as the API's proto3 JSON
 * parser would: unknown fields, wrong JSON types, unknown enum values, two members of one oneof,
 * missing REQUIRED fields and set OUTPUT_ONLY fields are problems. Only the JSON (lowerCamelCase)
 * field names are accepted.
 *
 * The same checks as test/proto-json.ts (which is bound to the Monitoring Dashboards package) and
 * test/proto-schema.ts (bound to Vertex AI), with the descriptor file as a parameter and OUTPUT_ONLY
 * fields refused; those two stay as they are for their suites.
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

const INTEGER_32 = new Set(['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const INTEGER_64 = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);
const FLOATING = new Set(['double', 'float']);
const SCALARS = new Set([...INTEGER_32, ...INTEGER_64, ...FLOATING, 'string', 'bool', 'bytes']);
const DURATION = /^-?[0-9]+(\.[0-9]{1,9})?s$/;
const TIMESTAMP = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function behaviors(field: FieldDescriptor): string[] {
  const b = field.options?.['(google.api.field_behavior)'];
  return Array.isArray(b) ? (b as string[]) : typeof b === 'string' ? [b] : [];
}

/** The message checker for one descriptor file (an npm module path, loaded once). */
export class ProtoMessages {
  private readonly root: Descriptor;

  constructor(protosJson: string) {
    this.root = require(protosJson) as Descriptor;
  }

  /** Every problem of `value` as JSON of the message `fullName` (e.g. google.cloud.tpu.v2.QueuedResource). */
  problems(fullName: string, value: unknown): string[] {
    const descriptor = this.lookup(fullName);
    if (!descriptor?.fields) throw new Error(`message ${fullName} not found`);
    return this.checkMessage(fullName, descriptor, value, '$');
  }

  /** The oneof groups of a message, by name (for tests that want "exactly one"). */
  oneofs(fullName: string): Record<string, readonly string[]> {
    const descriptor = this.lookup(fullName);
    if (!descriptor?.fields) throw new Error(`message ${fullName} not found`);
    return Object.fromEntries(Object.entries(descriptor.oneofs ?? {}).map(([name, o]) => [name, o.oneof]));
  }

  private lookup(fullName: string): Descriptor | undefined {
    let node: Descriptor | undefined = this.root;
    for (const part of fullName.split('.')) node = node?.nested?.[part];
    return node;
  }

  private resolve(type: string, scope: string): { name: string; descriptor: Descriptor } {
    const parts = scope.split('.');
    for (let i = parts.length; i >= 0; i--) {
      const name = [...parts.slice(0, i), type].join('.');
      const descriptor = this.lookup(name);
      if (descriptor && (descriptor.fields || descriptor.values)) return { name, descriptor };
    }
    throw new Error(`type ${type} (from ${scope}) not found`);
  }

  private checkValue(type: string, scope: string, value: unknown, path: string): string[] {
    if (SCALARS.has(type)) return checkScalar(type, value, path);
    const { name, descriptor } = this.resolve(type, scope);
    const wellKnown = checkWellKnown(name, value, path);
    if (wellKnown) return wellKnown;
    if (descriptor.values) {
      const names = Object.keys(descriptor.values);
      return typeof value === 'string' && names.includes(value)
        ? []
        : [`${path}: ${JSON.stringify(value)} is not a value of enum ${name}; allowed: ${names.join(', ')}`];
    }
    return this.checkMessage(name, descriptor, value, path);
  }

  private checkMessage(name: string, descriptor: Descriptor, value: unknown, path: string): string[] {
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
      if (behaviors(field).includes('OUTPUT_ONLY')) problems.push(`${at}: output only; the API ignores or refuses it`);
      if (v === null) problems.push(`${at}: null; allowed: omit the field instead`);
      else if (field.keyType) {
        if (!isObject(v)) problems.push(`${at}: map field must be an object`);
        else
          for (const [k, item] of Object.entries(v))
            problems.push(...this.checkValue(field.type, name, item, `${at}["${k}"]`));
      } else if (field.rule === 'repeated') {
        if (!Array.isArray(v)) problems.push(`${at}: repeated field must be an array`);
        else v.forEach((item, i) => problems.push(...this.checkValue(field.type, name, item, `${at}[${i}]`)));
      } else problems.push(...this.checkValue(field.type, name, v, at));
    }
    for (const [oneofName, oneof] of Object.entries(descriptor.oneofs ?? {})) {
      const set = oneof.oneof.filter((member) => member in value);
      if (set.length > 1)
        problems.push(`${path}: oneof ${name}.${oneofName} has ${set.join(' and ')} set; allowed: at most one`);
    }
    for (const [key, field] of Object.entries(fields)) {
      if (behaviors(field).includes('REQUIRED') && !(key in value))
        problems.push(`${path}.${key}: REQUIRED field of ${name} is missing`);
    }
    return problems;
  }
}

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

function checkScalar(type: string, value: unknown, path: string): string[] {
  const bad = [`${path}: ${JSON.stringify(value)} is not a ${type}`];
  if (type === 'string') return typeof value === 'string' ? [] : bad;
  if (type === 'bool') return typeof value === 'boolean' ? [] : bad;
  if (type === 'bytes') return typeof value === 'string' && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) ? [] : bad;
  if (INTEGER_32.has(type) || INTEGER_64.has(type)) {
    const n = typeof value === 'string' && /^-?[0-9]+$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isInteger(n)) return bad;
    if (INTEGER_32.has(type) && typeof value === 'string') return bad; // proto3 JSON writes 32-bit integers as numbers
    if (type.startsWith('u') || type.startsWith('fixed')) return n >= 0 ? [] : bad;
    return [];
  }
  if (FLOATING.has(type))
    return typeof value === 'number' || value === 'NaN' || value === 'Infinity' || value === '-Infinity' ? [] : bad;
  return bad;
}
