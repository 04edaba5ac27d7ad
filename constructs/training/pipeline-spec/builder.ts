import {
  KFP_PIPELINE_SPEC as KFP,
  KFP_PLACEHOLDERS,
  KfpParameterType,
  VERTEX_STEP_RESOURCES,
} from '../../../src/catalog/kfp';
import { KFP_RULES } from '../../../src/catalog/vertex';

/**
 * A small typed builder for KFP's pipeline IR (api/v2alpha1/pipeline_spec.proto, proto3 JSON names):
 * container components with typed parameter inputs and outputs, and one root DAG whose tasks take
 * pipeline inputs, constants or other tasks' outputs. `build()` returns the plain JSON object a
 * PipelineJob carries as `pipelineSpec`: keys sorted at every level, no timestamps, so the same
 * definition always gives the same bytes. Structural rules are checked by ./check.ts, not here.
 */

export type ParameterType = KfpParameterType;
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** A component (or pipeline) input parameter. A default makes it optional, as the KFP compiler does. */
export interface InputDef {
  readonly type: ParameterType;
  readonly default?: JsonValue;
  readonly optional?: boolean;
  readonly description?: string;
}
export type InputDefs = Readonly<Record<string, InputDef>>;
/** Output parameters by name. */
export type OutputDefs = Readonly<Record<string, ParameterType>>;

/** A value for a task input: a pipeline input, a constant, or another task's output. */
export type Arg<T extends ParameterType = ParameterType> =
  | { readonly kind: 'pipelineInput'; readonly name: string; readonly type: T }
  | { readonly kind: 'constant'; readonly value: JsonValue; readonly type: T }
  | { readonly kind: 'taskOutput'; readonly task: string; readonly key: string; readonly type: T };

/** A constant task input (`runtimeValue.constant`); the type is what the consuming input declares. */
export function constant<T extends ParameterType>(type: T, value: JsonValue): Arg<T> {
  return { kind: 'constant', type, value };
}

/** Resource limits in the forms Vertex AI documents: CPUs `1` or `500m`, memory `2G`, `512M`. No accelerators. */
export interface ContainerResources {
  readonly cpuLimit?: string;
  readonly memoryLimit?: string;
}

export interface ContainerDef {
  readonly image: string;
  readonly command: readonly string[];
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly resources?: ContainerResources;
}

/** Placeholders naming the component's own inputs and outputs (typed by their names). */
export interface Placeholders<I extends string, O extends string> {
  /** `{{$.inputs.parameters['name']}}` */
  input(name: I): string;
  /** `{{$.outputs.parameters['name'].output_file}}`: a path the program writes the output to. */
  outputFile(name: O): string;
}

export interface ComponentHandle<I extends InputDefs, O extends OutputDefs> {
  /** The key in `components` (`comp-<name>`). */
  readonly key: string;
  readonly inputs: I;
  readonly outputs: O;
}

export interface TaskHandle<O extends OutputDefs> {
  readonly name: string;
  /** This task's output `key`, for a downstream task's input (`taskOutputParameter`). */
  output<K extends keyof O & string>(key: K): Arg<O[K]>;
}

/** Task-level retry (`retryPolicy`); durations in whole seconds. */
export interface RetryPolicy {
  /** Retries after the first attempt (0: none). */
  readonly maxRetryCount: number;
  /**
   * Wait before the first retry.
   * @default 0
   */
  readonly backoffSeconds?: number;
  /**
   * @default 2
   */
  readonly backoffFactor?: number;
  /**
   * At most 3600 (the backend caps it there).
   * @default 3600
   */
  readonly backoffMaxSeconds?: number;
}

type RequiredInputs<I extends InputDefs> = {
  [K in keyof I]: I[K] extends { readonly optional: true }
    ? never
    : I[K] extends { readonly default: JsonValue }
      ? never
      : K;
}[keyof I];

/** Every required input of the component, each with a value of its declared type; optional ones may be left out. */
export type TaskInputs<I extends InputDefs> = { readonly [K in RequiredInputs<I>]: Arg<I[K]['type']> } & {
  readonly [K in Exclude<keyof I, RequiredInputs<I>>]?: Arg<I[K]['type']>;
};

export interface TaskOptions<I extends InputDefs> {
  readonly inputs: TaskInputs<I>;
  /** Upstream tasks that pass no data (`.after()`); producers of consumed outputs are added anyway. */
  readonly after?: readonly TaskHandle<OutputDefs>[];
  /** Caching is off unless set. */
  readonly cache?: boolean;
  readonly retry?: RetryPolicy;
}

export interface PipelineInfo {
  /** `pipelineInfo.name`: the pipeline (and template package) name. */
  readonly name: string;
  readonly description?: string;
  readonly displayName?: string;
  /**
   * @default the catalog's sdkVersion
   */
  readonly sdkVersion?: string;
  readonly defaultPipelineRoot?: string;
}

/** The proto3 JSON form of a PipelineSpec, as far as this builder writes it. */
export type PipelineSpec = JsonObject;

interface ComponentRecord {
  readonly key: string;
  readonly executorLabel: string;
  readonly inputs: InputDefs;
  readonly outputs: OutputDefs;
  readonly container: ContainerDef;
}

interface TaskRecord {
  readonly name: string;
  readonly component: ComponentRecord;
  readonly inputs: Readonly<Record<string, Arg>>;
  readonly after: readonly string[];
  readonly cache: boolean;
  readonly retry?: RetryPolicy;
}

const NAME_PATTERN = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export class PipelineSpecBuilder {
  private readonly rootInputs = new Map<string, InputDef>();
  private readonly components = new Map<string, ComponentRecord>();
  private readonly tasks = new Map<string, TaskRecord>();

  constructor(private readonly info: PipelineInfo) {
    if (!new RegExp(KFP_RULES.pipelinePackage.pattern).test(info.name)) {
      throw new Error(
        `pipelineInfo.name="${info.name}": not a valid pipeline name; allowed: ${KFP_RULES.pipelinePackage.allowed}`,
      );
    }
  }

  /** Declares a pipeline (root) input and returns it as a task input value (`componentInputParameter`). */
  input<T extends ParameterType>(name: string, type: T, options: Omit<InputDef, 'type'> = {}): Arg<T> {
    checkParameterName(name, 'pipeline input');
    if (this.rootInputs.has(name)) throw new Error(`pipeline input "${name}" is declared twice`);
    this.rootInputs.set(name, { ...options, type });
    return { kind: 'pipelineInput', name, type };
  }

  /** Declares a container component `comp-<name>` run by executor `exec-<name>`. */
  component<const I extends InputDefs, const O extends OutputDefs>(
    name: string,
    definition: {
      readonly inputs: I;
      readonly outputs: O;
      readonly container: (p: Placeholders<keyof I & string, keyof O & string>) => ContainerDef;
    },
  ): ComponentHandle<I, O> {
    if (!NAME_PATTERN.test(name))
      throw new Error(
        `component "${name}": not a valid name; allowed: lowercase letters, digits and hyphens, starting with a letter`,
      );
    const key = `${KFP.componentPrefix}${name}`;
    if (this.components.has(key)) throw new Error(`component "${name}" is declared twice`);
    for (const n of [...Object.keys(definition.inputs), ...Object.keys(definition.outputs)])
      checkParameterName(n, `parameter of component "${name}"`);
    const container = definition.container({
      input: KFP_PLACEHOLDERS.inputParameter,
      outputFile: KFP_PLACEHOLDERS.outputParameterFile,
    });
    this.components.set(key, {
      key,
      executorLabel: `${KFP.executorPrefix}${name}`,
      inputs: definition.inputs,
      outputs: definition.outputs,
      container,
    });
    return { key, inputs: definition.inputs, outputs: definition.outputs };
  }

  /** Adds a task of the root DAG. */
  task<I extends InputDefs, O extends OutputDefs>(
    name: string,
    component: ComponentHandle<I, O>,
    options: TaskOptions<I>,
  ): TaskHandle<O> {
    if (!NAME_PATTERN.test(name))
      throw new Error(
        `task "${name}": not a valid name; allowed: lowercase letters, digits and hyphens, starting with a letter`,
      );
    if (this.tasks.has(name)) throw new Error(`task "${name}" is declared twice`);
    const record = this.components.get(component.key);
    if (!record) throw new Error(`task "${name}": component ${component.key} belongs to another builder`);
    if (options.retry) checkRetry(name, options.retry);
    const inputs: Record<string, Arg> = {};
    for (const [k, v] of Object.entries(options.inputs as Readonly<Record<string, Arg | undefined>>))
      if (v) inputs[k] = v;
    this.tasks.set(name, {
      name,
      component: record,
      inputs,
      after: (options.after ?? []).map((t) => t.name),
      cache: options.cache ?? false,
      retry: options.retry,
    });
    return {
      name,
      output: (key) => ({ kind: 'taskOutput', task: name, key, type: component.outputs[key] }),
    };
  }

  build(): PipelineSpec {
    const components: JsonObject = {};
    const executors: JsonObject = {};
    for (const c of this.components.values()) {
      components[c.key] = {
        executorLabel: c.executorLabel,
        ...definitions(c.inputs, c.outputs),
      };
      executors[c.executorLabel] = { container: containerJson(c.container) };
    }
    const tasks: JsonObject = {};
    for (const t of this.tasks.values()) tasks[t.name] = taskJson(t);

    const pipelineInfo: JsonObject = { name: this.info.name };
    if (this.info.description) pipelineInfo.description = this.info.description;
    if (this.info.displayName) pipelineInfo.displayName = this.info.displayName;
    const spec: JsonObject = {
      components,
      deploymentSpec: { executors },
      pipelineInfo,
      root: { dag: { tasks }, ...definitions(Object.fromEntries(this.rootInputs), {}) },
      schemaVersion: KFP.schemaVersion,
      sdkVersion: this.info.sdkVersion ?? KFP.sdkVersion,
    };
    if (this.info.defaultPipelineRoot) spec.defaultPipelineRoot = this.info.defaultPipelineRoot;
    return sortKeys(spec) as PipelineSpec;
  }
}

function checkParameterName(name: string, what: string): void {
  if (!new RegExp(KFP_RULES.parameterName.pattern).test(name))
    throw new Error(`${what} "${name}": not a valid parameter name; allowed: ${KFP_RULES.parameterName.allowed}`);
}

function checkRetry(task: string, r: RetryPolicy): void {
  const wholeSeconds = (v: number | undefined) => v === undefined || (Number.isInteger(v) && v >= 0);
  if (!Number.isInteger(r.maxRetryCount) || r.maxRetryCount < 0 || r.maxRetryCount > 2 ** 31 - 1)
    throw new Error(`task "${task}" retry.maxRetryCount=${r.maxRetryCount}: allowed: an integer 0 or more`);
  if (
    !wholeSeconds(r.backoffSeconds) ||
    !wholeSeconds(r.backoffMaxSeconds) ||
    (r.backoffMaxSeconds ?? 0) > KFP.retryMaxBackoffSeconds
  ) {
    throw new Error(
      `task "${task}" retry backoff: allowed: whole seconds, the maximum at most ${KFP.retryMaxBackoffSeconds}`,
    );
  }
  if (r.backoffFactor !== undefined && !(r.backoffFactor > 0))
    throw new Error(`task "${task}" retry.backoffFactor=${r.backoffFactor}: allowed: a number above 0`);
}

function definitions(inputs: InputDefs, outputs: OutputDefs): JsonObject {
  const out: JsonObject = {};
  if (Object.keys(inputs).length) {
    const parameters: JsonObject = {};
    for (const [name, d] of Object.entries(inputs)) {
      const p: JsonObject = { parameterType: d.type };
      if (d.default !== undefined) p.defaultValue = d.default;
      if (d.optional || d.default !== undefined) p.isOptional = true;
      if (d.description) p.description = d.description;
      parameters[name] = p;
    }
    out.inputDefinitions = { parameters };
  }
  if (Object.keys(outputs).length) {
    out.outputDefinitions = {
      parameters: Object.fromEntries(Object.entries(outputs).map(([name, type]) => [name, { parameterType: type }])),
    };
  }
  return out;
}

function containerJson(c: ContainerDef): JsonObject {
  const out: JsonObject = { image: c.image, command: [...c.command] };
  if (c.args?.length) out.args = [...c.args];
  if (c.env && Object.keys(c.env).length) out.env = Object.entries(c.env).map(([name, value]) => ({ name, value }));
  if (c.resources) out.resources = resourcesJson(c.resources);
  return out;
}

/** Both forms kfp 2.13 writes: the deprecated numbers (CPUs, GB) and the strings Vertex AI documents. */
export function resourcesJson(r: ContainerResources): JsonObject {
  const out: JsonObject = {};
  if (r.cpuLimit !== undefined) {
    if (!new RegExp(VERTEX_STEP_RESOURCES.cpuLimitPattern).test(r.cpuLimit))
      throw new Error(`cpuLimit="${r.cpuLimit}": allowed: a whole number of CPUs or millicores such as 500m`);
    const cpus = r.cpuLimit.endsWith('m') ? Number(r.cpuLimit.slice(0, -1)) / 1000 : Number(r.cpuLimit);
    if (cpus > VERTEX_STEP_RESOURCES.maxCpus)
      throw new Error(`cpuLimit="${r.cpuLimit}": allowed: at most ${VERTEX_STEP_RESOURCES.maxCpus} CPUs`);
    out.cpuLimit = cpus;
    out.resourceCpuLimit = r.cpuLimit;
  }
  if (r.memoryLimit !== undefined) {
    if (!new RegExp(VERTEX_STEP_RESOURCES.memoryLimitPattern).test(r.memoryLimit))
      throw new Error(`memoryLimit="${r.memoryLimit}": allowed: a number followed by K, M or G`);
    const unit = { K: 1e-6, M: 1e-3, G: 1 }[r.memoryLimit.slice(-1) as 'K' | 'M' | 'G'];
    const gb = Number(r.memoryLimit.slice(0, -1)) * unit;
    if (gb > VERTEX_STEP_RESOURCES.maxMemoryGb)
      throw new Error(`memoryLimit="${r.memoryLimit}": allowed: at most ${VERTEX_STEP_RESOURCES.maxMemoryGb}G`);
    out.memoryLimit = gb;
    out.resourceMemoryLimit = r.memoryLimit;
  }
  return out;
}

function taskJson(t: TaskRecord): JsonObject {
  const parameters: JsonObject = {};
  const producers = new Set<string>(t.after);
  for (const [name, arg] of Object.entries(t.inputs)) {
    if (arg.kind === 'pipelineInput') parameters[name] = { componentInputParameter: arg.name };
    else if (arg.kind === 'constant') parameters[name] = { runtimeValue: { constant: arg.value } };
    else {
      parameters[name] = { taskOutputParameter: { producerTask: arg.task, outputParameterKey: arg.key } };
      producers.add(arg.task);
    }
  }
  const out: JsonObject = {
    taskInfo: { name: t.name },
    componentRef: { name: t.component.key },
    cachingOptions: t.cache ? { ...KFP.cachingOn } : { ...KFP.cachingOff },
  };
  if (Object.keys(parameters).length) out.inputs = { parameters };
  if (producers.size) out.dependentTasks = [...producers].sort();
  if (t.retry) {
    out.retryPolicy = {
      maxRetryCount: t.retry.maxRetryCount,
      backoffDuration:
        t.retry.backoffSeconds === undefined ? KFP.retryDefaults.backoffDuration : `${t.retry.backoffSeconds}s`,
      backoffFactor: t.retry.backoffFactor ?? KFP.retryDefaults.backoffFactor,
      backoffMaxDuration:
        t.retry.backoffMaxSeconds === undefined
          ? KFP.retryDefaults.backoffMaxDuration
          : `${t.retry.backoffMaxSeconds}s`,
    };
  }
  return out;
}

/** A copy with object keys in code-point order at every level (arrays keep their order). */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: JsonObject = {};
    for (const k of Object.keys(value).sort()) out[k] = sortKeys((value as JsonObject)[k]);
    return out;
  }
  return value;
}
