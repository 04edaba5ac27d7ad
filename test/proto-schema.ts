import { PIPELINE_JOB_SCHEMA } from '../src/catalog';

/**
 * Holds a JSON request body against a message of the real Vertex AI API schema, as shipped in
 * `@google-cloud/aiplatform` (protobufjs JSON descriptors: field names are the API's JSON names).
 */
interface Field {
  type: string;
  rule?: string;
  keyType?: string;
  options?: Record<string, unknown>;
}
interface Node {
  nested?: Record<string, Node>;
  fields?: Record<string, Field>;
  values?: Record<string, number>;
}

const root = require(PIPELINE_JOB_SCHEMA.protosJson) as Node;

function at(path: readonly string[]): Node | undefined {
  let node: Node | undefined = root;
  for (const part of path) node = node?.nested?.[part];
  return node;
}

/** protobuf name resolution: the innermost enclosing scope that has the name wins. */
function resolve(scope: readonly string[], typeName: string): [string[], Node] {
  const parts = typeName.split('.');
  for (let i = scope.length; i >= 0; i--) {
    const path = [...scope.slice(0, i), ...parts];
    const node = at(path);
    if (node) return [path, node];
  }
  throw new Error(`type ${typeName} not found from ${scope.join('.')}`);
}

const SCALARS: Record<string, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  bytes: (v) => typeof v === 'string',
  bool: (v) => typeof v === 'boolean',
  double: (v) => typeof v === 'number',
  float: (v) => typeof v === 'number',
  int32: (v) => Number.isInteger(v),
  uint32: (v) => Number.isInteger(v),
  int64: (v) => typeof v === 'string' || Number.isInteger(v),
  uint64: (v) => typeof v === 'string' || Number.isInteger(v),
};
const ANY_JSON = new Set(['google.protobuf.Value', 'google.protobuf.Struct', 'google.protobuf.ListValue']);

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(value: unknown, field: Field, scope: readonly string[], where: string, problems: string[]): void {
  if (field.type in SCALARS) {
    if (!SCALARS[field.type](value)) problems.push(`${where}: not a ${field.type}`);
    return;
  }
  const [path, node] = resolve(scope, field.type);
  if (ANY_JSON.has(path.join('.'))) return;
  if (node.values) {
    if (typeof value !== 'string' || !(value in node.values))
      problems.push(`${where}: not a value of ${path.join('.')}`);
    return;
  }
  checkMessage(value, path, where, problems);
}

function checkMessage(value: unknown, path: readonly string[], where: string, problems: string[]): void {
  const node = at(path);
  if (!node?.fields) throw new Error(`${path.join('.')} is not a message`);
  if (!isObject(value)) {
    problems.push(`${where}: not an object`);
    return;
  }
  for (const [name, field] of Object.entries(node.fields)) {
    if (field.options?.['(google.api.field_behavior)'] === 'REQUIRED' && !(name in value))
      problems.push(`${where}.${name}: required, missing`);
  }
  for (const [key, v] of Object.entries(value)) {
    const field = node.fields[key];
    const here = `${where}.${key}`;
    if (!field) {
      problems.push(`${here}: not a field of ${path.join('.')}`);
      continue;
    }
    if (field.options?.['(google.api.field_behavior)'] === 'OUTPUT_ONLY') problems.push(`${here}: output only`);
    if (field.keyType) {
      if (!isObject(v)) problems.push(`${here}: not a map`);
      else for (const [k, item] of Object.entries(v)) checkValue(item, field, path, `${here}["${k}"]`, problems);
    } else if (field.rule === 'repeated') {
      if (!Array.isArray(v)) problems.push(`${here}: not a list`);
      else v.forEach((item, i) => checkValue(item, field, path, `${here}[${i}]`, problems));
    } else {
      checkValue(v, field, path, here, problems);
    }
  }
}

/** Every way `body` breaks the schema of `message` (e.g. google.cloud.aiplatform.v1.PipelineJob); empty when it fits. */
export function schemaProblems(body: unknown, message: string = PIPELINE_JOB_SCHEMA.message): string[] {
  const problems: string[] = [];
  checkMessage(body, message.split('.'), message.split('.').pop() as string, problems);
  return problems;
}
