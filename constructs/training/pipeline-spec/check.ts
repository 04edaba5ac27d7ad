import {
  KFP_PARAMETER_JSON_KIND,
  KFP_PARAMETER_TYPES,
  KFP_PIPELINE_SPEC as KFP,
  KFP_PLACEHOLDERS,
  KfpParameterType,
} from '../../../src/catalog/kfp';

/**
 * Structural rules of a pipeline IR document, written from kubeflow/pipelines
 * api/v2alpha1/pipeline_spec.proto (proto3 JSON field names). Takes any JSON; never throws on a
 * malformed shape, reports it. Each problem is one line: `<path>[=<value>]: <what is wrong>; allowed: <what is>`.
 *
 * What it holds a spec to:
 * - schemaVersion is 2.1.0; pipelineInfo.name is set; parameter types are the proto's enum values.
 * - Every task's componentRef names a component; every task input is an input of that component with
 *   the same type, given exactly one way; every required component input (not optional, no default) is given.
 * - componentInputParameter names an input of the DAG's own component (the root's inputs for the root).
 * - taskOutputParameter names a task of the same DAG, an output its component declares, of the same
 *   type, and that task is upstream: reachable through dependentTasks, directly or transitively.
 * - dependentTasks name tasks of the same DAG; the DAG (dependentTasks and data edges) has no cycle.
 * - A component is either a DAG or an executor; every executorLabel is in deploymentSpec.executors.
 * - Every placeholder in a container's command, args and env names an input or output of the
 *   component(s) using that executor, or is a pipeline-level or executor-input placeholder.
 * - Images are pinned: `@sha256:<64 hex>`, or a tag other than `latest`.
 */

type Json = unknown;
type Obj = Record<string, Json>;
type ParameterDefs = Map<string, { type: Json; required: boolean }>;

const isObj = (v: Json): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const keysOf = (v: Json): string[] => (isObj(v) ? Object.keys(v).sort() : []);
const show = (v: Json): string => (typeof v === 'string' ? `"${v}"` : (JSON.stringify(v) ?? String(v)));
const oneOf = (names: Iterable<string>): string => {
  const list = [...names].sort();
  return list.length ? `one of ${list.join(', ')}` : 'none (nothing is declared)';
};
const PARAMETER_TYPES: readonly string[] = KFP_PARAMETER_TYPES;
/** Type mismatches are reported only between valid types: an invalid one is reported where it is declared. */
const validType = (t: Json): boolean => PARAMETER_TYPES.includes(t as string);

/** Whether a JSON value fits a parameter type (google.protobuf.Value kinds; integers must be safe). */
export function valueMatchesType(value: Json, type: KfpParameterType): boolean {
  switch (type) {
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER_INTEGER':
      return typeof value === 'number' && Number.isSafeInteger(value);
    case 'NUMBER_DOUBLE':
      return typeof value === 'number' && Number.isFinite(value);
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'LIST':
      return Array.isArray(value);
    case 'STRUCT':
      return isObj(value);
    case 'TASK_FINAL_STATUS':
      return false;
  }
}

/** Reads `inputDefinitions.parameters` or `outputDefinitions.parameters` and checks each type. */
function parameterDefs(defs: Json, path: string, problems: string[], withDefaults: boolean): ParameterDefs {
  const out: ParameterDefs = new Map();
  const params = isObj(defs) ? defs.parameters : undefined;
  if (params === undefined) return out;
  if (!isObj(params)) {
    problems.push(`${path}.parameters: not an object; allowed: a map of parameter name to ParameterSpec`);
    return out;
  }
  for (const name of keysOf(params)) {
    const p = params[name];
    const at = `${path}.parameters.${name}`;
    if (!isObj(p)) {
      problems.push(`${at}: not an object; allowed: a ParameterSpec {parameterType, ...}`);
      continue;
    }
    if (!PARAMETER_TYPES.includes(p.parameterType as string)) {
      problems.push(
        `${at}.parameterType=${show(p.parameterType)}: not a parameter type of the proto; allowed: ${KFP_PARAMETER_TYPES.join(', ')}`,
      );
    } else if (
      withDefaults &&
      p.defaultValue !== undefined &&
      !valueMatchesType(p.defaultValue, p.parameterType as KfpParameterType)
    ) {
      problems.push(
        `${at}.defaultValue=${show(p.defaultValue)}: does not match its type ${p.parameterType}; allowed: ${KFP_PARAMETER_JSON_KIND[p.parameterType as KfpParameterType]}`,
      );
    }
    const required =
      withDefaults && p.isOptional !== true && p.defaultValue === undefined && p.parameterType !== 'TASK_FINAL_STATUS';
    out.set(name, { type: p.parameterType, required });
  }
  return out;
}

interface ComponentInfo {
  readonly inputs: ParameterDefs;
  readonly outputs: ParameterDefs;
  readonly artifactInputs: Set<string>;
  readonly artifactOutputs: Set<string>;
}

function componentInfo(c: Json, path: string, problems: string[]): ComponentInfo {
  const comp = isObj(c) ? c : {};
  return {
    inputs: parameterDefs(comp.inputDefinitions, `${path}.inputDefinitions`, problems, true),
    outputs: parameterDefs(comp.outputDefinitions, `${path}.outputDefinitions`, problems, false),
    artifactInputs: new Set(keysOf(isObj(comp.inputDefinitions) ? comp.inputDefinitions.artifacts : undefined)),
    artifactOutputs: new Set(keysOf(isObj(comp.outputDefinitions) ? comp.outputDefinitions.artifacts : undefined)),
  };
}

/** Problems of a whole PipelineSpec (JSON). Empty when it holds to every rule above. */
export function pipelineSpecProblems(spec: Json): string[] {
  const problems: string[] = [];
  if (!isObj(spec)) return ['pipelineSpec: not a JSON object; allowed: a PipelineSpec'];

  if (spec.schemaVersion !== KFP.schemaVersion)
    problems.push(
      `schemaVersion=${show(spec.schemaVersion)}: not the schema version KFP 2 writes; allowed: "${KFP.schemaVersion}"`,
    );
  const info = spec.pipelineInfo;
  if (!isObj(info) || typeof info.name !== 'string' || !info.name)
    problems.push('pipelineInfo.name: missing; allowed: the pipeline name (a required field)');

  const executors =
    isObj(spec.deploymentSpec) && isObj(spec.deploymentSpec.executors) ? spec.deploymentSpec.executors : undefined;
  if (!executors) problems.push('deploymentSpec.executors: missing; allowed: a map of executor label to ExecutorSpec');
  const components = isObj(spec.components) ? spec.components : {};
  if (spec.components !== undefined && !isObj(spec.components))
    problems.push('components: not an object; allowed: a map of component name to ComponentSpec');

  // Components and the executors they use.
  const infos = new Map<string, ComponentInfo>();
  const usersOfExecutor = new Map<string, string[]>();
  for (const name of keysOf(components)) {
    const c = components[name];
    const at = `components.${name}`;
    infos.set(name, componentInfo(c, at, problems));
    const comp = isObj(c) ? c : {};
    const hasDag = comp.dag !== undefined;
    const hasExecutor = comp.executorLabel !== undefined;
    if (hasDag === hasExecutor) {
      problems.push(
        `${at}: ${hasDag ? 'has both dag and executorLabel' : 'has neither dag nor executorLabel'}; allowed: exactly one (oneof implementation)`,
      );
    }
    if (hasExecutor) {
      const label = comp.executorLabel;
      if (typeof label !== 'string' || !executors || !isObj(executors[label])) {
        problems.push(
          `${at}.executorLabel=${show(label)}: no such executor in deploymentSpec.executors; allowed: ${oneOf(keysOf(executors))}`,
        );
      } else {
        usersOfExecutor.set(label, [...(usersOfExecutor.get(label) ?? []), name]);
      }
    }
  }

  const root = spec.root;
  if (!isObj(root) || !isObj(root.dag)) {
    problems.push("root.dag: missing; allowed: the pipeline's DAG (root is a DAG component)");
  } else {
    if (root.executorLabel !== undefined) problems.push('root: has both dag and executorLabel; allowed: a DAG only');
    const rootInfo = componentInfo(root, 'root', problems);
    checkDag(root.dag, 'root.dag', rootInfo, components, infos, problems);
  }
  for (const name of keysOf(components)) {
    const c = components[name];
    if (isObj(c) && c.dag !== undefined)
      checkDag(c.dag, `components.${name}.dag`, infos.get(name) as ComponentInfo, components, infos, problems);
  }

  if (executors) {
    for (const label of keysOf(executors)) {
      const e = executors[label];
      const at = `deploymentSpec.executors.${label}`;
      if (!isObj(e)) {
        problems.push(`${at}: not an object; allowed: an ExecutorSpec`);
        continue;
      }
      if (e.container === undefined) continue; // importer, resolver: no container to check
      if (!isObj(e.container)) {
        problems.push(`${at}.container: not an object; allowed: a PipelineContainerSpec`);
        continue;
      }
      checkContainer(
        e.container,
        `${at}.container`,
        (usersOfExecutor.get(label) ?? []).map((n) => [n, infos.get(n) as ComponentInfo]),
        problems,
      );
    }
  }
  return problems;
}

function checkDag(
  dag: Json,
  path: string,
  parent: ComponentInfo,
  components: Obj,
  infos: Map<string, ComponentInfo>,
  problems: string[],
): void {
  const tasks: Obj | undefined = isObj(dag) && isObj(dag.tasks) ? dag.tasks : undefined;
  if (!tasks) {
    problems.push(`${path}.tasks: missing; allowed: a map of task name to PipelineTaskSpec`);
    return;
  }
  const names = keysOf(tasks);
  const dependsOn = new Map<string, string[]>(); // dependentTasks edges only
  const dataFrom = new Map<string, string[]>(); // producers of consumed outputs
  for (const name of names) {
    const t: Obj = isObj(tasks[name]) ? (tasks[name] as Obj) : {};
    const at = `${path}.tasks.${name}`;
    const deps: Json[] = Array.isArray(t.dependentTasks) ? t.dependentTasks : [];
    if (t.dependentTasks !== undefined && !Array.isArray(t.dependentTasks))
      problems.push(`${at}.dependentTasks: not a list; allowed: a list of task names`);
    const valid: string[] = [];
    for (const d of deps as Json[]) {
      if (typeof d !== 'string' || !Object.hasOwn(tasks, d))
        problems.push(
          `${at}.dependentTasks: ${show(d)} is not a task of this DAG; allowed: ${oneOf(names.filter((n) => n !== name))}`,
        );
      else valid.push(d);
    }
    dependsOn.set(name, valid);
    dataFrom.set(name, []);
  }

  for (const name of names) {
    const t: Obj = isObj(tasks[name]) ? (tasks[name] as Obj) : {};
    const at = `${path}.tasks.${name}`;
    const ref = isObj(t.componentRef) ? t.componentRef.name : undefined;
    const info = typeof ref === 'string' && isObj(components[ref]) ? infos.get(ref) : undefined;
    if (!info) {
      problems.push(`${at}.componentRef.name=${show(ref)}: no such component; allowed: ${oneOf(keysOf(components))}`);
      continue;
    }
    const given: Obj = isObj(t.inputs) && isObj(t.inputs.parameters) ? t.inputs.parameters : {};
    for (const input of keysOf(given)) {
      const iat = `${at}.inputs.parameters.${input}`;
      const declared = info.inputs.get(input);
      if (!declared) {
        problems.push(`${iat}: not an input of ${ref}; allowed: ${oneOf(info.inputs.keys())}`);
        continue;
      }
      const spec: Json = given[input];
      const kinds = isObj(spec)
        ? ['taskOutputParameter', 'runtimeValue', 'componentInputParameter', 'taskFinalStatus'].filter(
            (k) => spec[k] !== undefined,
          )
        : [];
      if (!isObj(spec) || kinds.length !== 1) {
        problems.push(
          `${iat}: given ${kinds.length ? `${kinds.length} ways (${kinds.join(', ')})` : 'no way'}; allowed: exactly one of componentInputParameter, runtimeValue, taskOutputParameter, taskFinalStatus`,
        );
        continue;
      }
      const kind = kinds[0];
      if (kind === 'componentInputParameter') {
        const from = spec.componentInputParameter;
        const source = typeof from === 'string' ? parent.inputs.get(from) : undefined;
        if (!source)
          problems.push(
            `${iat}.componentInputParameter=${show(from)}: not an input of the enclosing DAG; allowed: ${oneOf(parent.inputs.keys())}`,
          );
        else if (source.type !== declared.type && validType(source.type) && validType(declared.type))
          problems.push(
            `${iat}: takes ${show(from)} of type ${source.type} into an input of type ${declared.type}; allowed: the same type`,
          );
      } else if (kind === 'runtimeValue') {
        const rv = spec.runtimeValue;
        if (!isObj(rv) || rv.constant === undefined) {
          problems.push(`${iat}.runtimeValue: no constant; allowed: {constant: <value>}`);
        } else if (
          PARAMETER_TYPES.includes(declared.type as string) &&
          !valueMatchesType(rv.constant, declared.type as KfpParameterType)
        ) {
          problems.push(
            `${iat}.runtimeValue.constant=${show(rv.constant)}: does not match the input's type ${declared.type}; allowed: ${KFP_PARAMETER_JSON_KIND[declared.type as KfpParameterType]}`,
          );
        }
      } else if (kind === 'taskOutputParameter') {
        const top: Obj = isObj(spec.taskOutputParameter) ? spec.taskOutputParameter : {};
        const producer: Json = top.producerTask;
        const key = top.outputParameterKey;
        if (typeof producer !== 'string' || !Object.hasOwn(tasks, producer) || producer === name) {
          problems.push(
            `${iat}.taskOutputParameter.producerTask=${show(producer)}: not another task of this DAG; allowed: ${oneOf(names.filter((n) => n !== name))}`,
          );
          continue;
        }
        (dataFrom.get(name) as string[]).push(producer);
        const pTask = tasks[producer] as Obj;
        const pRef = isObj(pTask.componentRef) ? pTask.componentRef.name : undefined;
        const pInfo = typeof pRef === 'string' ? infos.get(pRef) : undefined;
        const out = pInfo && typeof key === 'string' ? pInfo.outputs.get(key) : undefined;
        if (pInfo && !out)
          problems.push(
            `${iat}.taskOutputParameter.outputParameterKey=${show(key)}: not an output of ${producer} (${pRef}); allowed: ${oneOf(pInfo.outputs.keys())}`,
          );
        else if (out && out.type !== declared.type && validType(out.type) && validType(declared.type))
          problems.push(
            `${iat}: takes ${producer}.${key} of type ${out.type} into an input of type ${declared.type}; allowed: the same type`,
          );
        if (!reaches(name, producer, dependsOn)) {
          problems.push(
            `${iat}: consumes an output of ${producer}, which is not upstream of ${name}; allowed: ${producer} in dependentTasks of ${name}, directly or through other tasks`,
          );
        }
      } else {
        const fs = isObj(spec.taskFinalStatus) ? spec.taskFinalStatus.producerTask : undefined;
        if (declared.type !== 'TASK_FINAL_STATUS')
          problems.push(
            `${iat}.taskFinalStatus: the input's type is ${declared.type}; allowed: only for an input of type TASK_FINAL_STATUS`,
          );
        if (typeof fs !== 'string' || !Object.hasOwn(tasks, fs))
          problems.push(
            `${iat}.taskFinalStatus.producerTask=${show(fs)}: not a task of this DAG; allowed: ${oneOf(names)}`,
          );
        else (dataFrom.get(name) as string[]).push(fs);
      }
    }
    for (const [input, d] of [...info.inputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (d.required && !Object.hasOwn(given, input))
        problems.push(
          `${at}.inputs.parameters.${input}: missing; allowed: a value for every input of ${ref} that is not optional and has no default`,
        );
    }
    if (t.retryPolicy !== undefined) checkRetryPolicy(t.retryPolicy, `${at}.retryPolicy`, problems);
  }

  for (const cycle of cycles(names, (n) => [...(dependsOn.get(n) ?? []), ...(dataFrom.get(n) ?? [])])) {
    problems.push(`${path}: the tasks form a cycle ${cycle.join(' -> ')}; allowed: a DAG (no task upstream of itself)`);
  }
}

function checkRetryPolicy(r: Json, path: string, problems: string[]): void {
  if (!isObj(r)) {
    problems.push(`${path}: not an object; allowed: a RetryPolicy`);
    return;
  }
  if (
    r.maxRetryCount !== undefined &&
    !(typeof r.maxRetryCount === 'number' && Number.isInteger(r.maxRetryCount) && r.maxRetryCount >= 0)
  ) {
    problems.push(`${path}.maxRetryCount=${show(r.maxRetryCount)}: allowed: an integer 0 or more`);
  }
  for (const f of ['backoffDuration', 'backoffMaxDuration']) {
    if (r[f] !== undefined && !(typeof r[f] === 'string' && /^[0-9]+(\.[0-9]{1,9})?s$/.test(r[f] as string))) {
      problems.push(
        `${path}.${f}=${show(r[f])}: not a proto3 JSON Duration; allowed: seconds with an "s" suffix, such as "0s" or "3600s"`,
      );
    }
  }
}

/** Whether `to` is reachable from `from` through dependentTasks edges. */
function reaches(from: string, to: string, edges: Map<string, string[]>): boolean {
  const seen = new Set<string>();
  const stack = [...(edges.get(from) ?? [])];
  while (stack.length) {
    const n = stack.pop() as string;
    if (n === to) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(edges.get(n) ?? []));
  }
  return false;
}

/** Each cycle found by a depth-first walk in name order, as `a -> b -> a` (a depends on b, b on a). */
function cycles(names: readonly string[], next: (n: string) => string[]): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found: string[][] = [];
  const walk = (n: string): void => {
    state.set(n, 'open');
    stack.push(n);
    for (const m of [...new Set(next(n))].sort()) {
      if (state.get(m) === 'open') found.push([...stack.slice(stack.indexOf(m)), m]);
      else if (!state.has(m)) walk(m);
    }
    stack.pop();
    state.set(n, 'done');
  };
  for (const n of names) if (!state.has(n)) walk(n);
  return found;
}

const PLACEHOLDER = /\{\{\$(.*?)\}\}/g;
const INPUT_PARAMETER = /^\.inputs\.parameters\['([^']*)'\](\.json_escape\[[0-9]+\])?$/;
const OUTPUT_PARAMETER = /^\.outputs\.parameters\['([^']*)'\]\.output_file$/;
const INPUT_ARTIFACT = /^\.inputs\.artifacts\['([^']*)'\]\.(uri|path|metadata)/;
const OUTPUT_ARTIFACT = /^\.outputs\.artifacts\['([^']*)'\]\.(uri|path|metadata)/;

function checkContainer(c: Obj, path: string, users: readonly [string, ComponentInfo][], problems: string[]): void {
  const pin = imagePinProblem(c.image);
  if (pin)
    problems.push(
      `${path}.image=${show(c.image)}: ${pin}; allowed: an image pinned by digest (@sha256:<64 hex digits>) or by a tag other than latest`,
    );
  const strings: [string, Json][] = [];
  for (const f of ['command', 'args']) {
    const list = c[f];
    if (list === undefined) continue;
    if (!Array.isArray(list)) problems.push(`${path}.${f}: not a list; allowed: a list of strings`);
    else list.forEach((s, i) => strings.push([`${path}.${f}[${i}]`, s]));
  }
  if (Array.isArray(c.env))
    c.env.forEach((e, i) => strings.push([`${path}.env[${i}].value`, isObj(e) ? e.value : undefined]));
  for (const [at, s] of strings) {
    if (typeof s !== 'string') {
      if (s !== undefined) problems.push(`${at}=${show(s)}: not a string; allowed: a string`);
      continue;
    }
    for (const m of s.matchAll(PLACEHOLDER)) {
      const body = m[1];
      for (const [component, info] of users) {
        const why = placeholderProblem(body, info);
        if (why)
          problems.push(`${at}: placeholder {{$${body}}} ${why} of ${component}; allowed: ${placeholderAllowed(info)}`);
      }
    }
  }
}

function placeholderProblem(body: string, info: ComponentInfo): string | undefined {
  if (body === '' || body === '.outputs.output_file' || KFP_PLACEHOLDERS.pipelineLevel.includes(body)) return undefined;
  let m = INPUT_PARAMETER.exec(body);
  if (m) return info.inputs.has(m[1]) ? undefined : `names "${m[1]}", not an input parameter`;
  m = OUTPUT_PARAMETER.exec(body);
  if (m) return info.outputs.has(m[1]) ? undefined : `names "${m[1]}", not an output parameter`;
  m = INPUT_ARTIFACT.exec(body);
  if (m) return info.artifactInputs.has(m[1]) ? undefined : `names "${m[1]}", not an input artifact`;
  m = OUTPUT_ARTIFACT.exec(body);
  if (m) return info.artifactOutputs.has(m[1]) ? undefined : `names "${m[1]}", not an output artifact`;
  return 'is not a placeholder KFP knows, so it is not an input or output';
}

function placeholderAllowed(info: ComponentInfo): string {
  const names = [
    ...[...info.inputs.keys()].map((n) => KFP_PLACEHOLDERS.inputParameter(n)),
    ...[...info.outputs.keys()].map((n) => KFP_PLACEHOLDERS.outputParameterFile(n)),
  ];
  return `${names.length ? names.sort().join(', ') : 'no parameter placeholders (the component declares none)'}, or a pipeline-level placeholder such as ${KFP_PLACEHOLDERS.pipelineJobUuid}`;
}

/** Why an image reference is not pinned, or undefined when it is. */
export function imagePinProblem(image: Json): string | undefined {
  if (typeof image !== 'string' || !image) return 'no image';
  if (image.includes('{{$')) return 'decided at run time, so it cannot be held to a pin';
  const at = image.indexOf('@');
  if (at >= 0) return /^sha256:[a-f0-9]{64}$/.test(image.slice(at + 1)) ? undefined : 'has a malformed digest';
  const lastSegment = image.slice(image.lastIndexOf('/') + 1);
  const colon = lastSegment.indexOf(':');
  if (colon < 0) return 'has no tag, so it runs whatever latest is';
  const tag = lastSegment.slice(colon + 1);
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/.test(tag)) return 'has a malformed tag';
  return tag === 'latest' ? 'is tagged latest, which moves' : undefined;
}

/**
 * Problems of the parameter values a launcher passes (`runtimeConfig.parameterValues`, JSON values):
 * every value is a declared root input and fits its type; every required root input without a default
 * is given. Values may be Terraform tokens: a token string passes for a STRING input.
 */
export function parameterValuesProblems(
  spec: Json,
  values: Readonly<Record<string, unknown>>,
  field = 'runtimeConfig.parameterValues',
): string[] {
  const problems: string[] = [];
  const root = isObj(spec) && isObj(spec.root) ? spec.root : {};
  const inputs = parameterDefs(root.inputDefinitions, 'root.inputDefinitions', [], true);
  for (const name of Object.keys(values).sort()) {
    const d = inputs.get(name);
    const value = values[name];
    if (!d) {
      problems.push(`${field}.${name}=${show(value)}: not an input of the pipeline; allowed: ${oneOf(inputs.keys())}`);
    } else if (!PARAMETER_TYPES.includes(d.type as string) || !valueMatchesType(value, d.type as KfpParameterType)) {
      const kind = PARAMETER_TYPES.includes(d.type as string)
        ? KFP_PARAMETER_JSON_KIND[d.type as KfpParameterType]
        : 'nothing (the input has no valid type)';
      problems.push(
        `${field}.${name}=${show(value)}: does not match the input's type ${String(d.type)}; allowed: ${kind}`,
      );
    }
  }
  for (const [name, d] of [...inputs].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (d.required && !Object.hasOwn(values, name))
      problems.push(
        `${field}.${name}: missing; allowed: a value for every pipeline input that is not optional and has no default`,
      );
  }
  return problems;
}

/**
 * Strings of the spec that Terraform would read as a template (`${` or `%{`) if the spec is written into
 * Terraform JSON as it is: the launcher's body passes through a Terraform local. Not a KFP rule.
 */
export function terraformTemplateProblems(spec: Json, path = 'pipelineSpec'): string[] {
  if (typeof spec === 'string')
    return /\$\{|%\{/.test(spec)
      ? [
          `${path}: holds "\${" or "%{", which Terraform reads as a template; allowed: text without them (or escape the whole spec when writing it into Terraform)`,
        ]
      : [];
  if (Array.isArray(spec)) return spec.flatMap((v, i) => terraformTemplateProblems(v, `${path}[${i}]`));
  if (isObj(spec))
    return Object.keys(spec)
      .sort()
      .flatMap((k) => terraformTemplateProblems(spec[k], `${path}.${k}`));
  return [];
}
