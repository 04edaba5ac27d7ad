import type { EnvironmentInput } from './schema';

/**
 * The stack inputs, as environment variables, and where each lands in an environment's
 * configuration. The same inputs are the Terraform variables of every stack (see stacks/inputs.ts).
 */
export interface StackInput {
  /** Shell variable, e.g. `PROJECT_ID`. */
  readonly env: string;
  /** Terraform variable, e.g. `project_id`. */
  readonly variable: string;
  /** Field path in EnvironmentConfig. */
  readonly path: readonly string[];
  readonly type: 'string' | 'boolean';
  /** Names one resource: refused without ENVIRONMENT, since three stacks cannot share it. */
  readonly namesOneResource: boolean;
  readonly description: string;
}

export const STACK_INPUTS: readonly StackInput[] = [
  {
    env: 'PROJECT_ID',
    variable: 'project_id',
    path: ['projectId'],
    type: 'string',
    namesOneResource: false,
    description: 'Google Cloud project id',
  },
  {
    env: 'REGION',
    variable: 'region',
    path: ['region'],
    type: 'string',
    namesOneResource: false,
    description: 'Region for regional resources (bucket, subnet, Dataproc, Vertex AI)',
  },
  {
    env: 'ZONE',
    variable: 'zone',
    path: ['zone'],
    type: 'string',
    namesOneResource: false,
    description: 'Zone of the TPU VM; must offer TPU v6e and lie in the region',
  },
  {
    env: 'TPU_ACCELERATOR_TYPE',
    variable: 'tpu_accelerator_type',
    path: ['tpu', 'acceleratorType'],
    type: 'string',
    namesOneResource: false,
    description: 'TPU v6e slice, e.g. v6e-8',
  },
  {
    env: 'BUCKET_NAME',
    variable: 'bucket_name',
    path: ['bucket', 'name'],
    type: 'string',
    namesOneResource: true,
    description: 'Data lake bucket name (globally unique)',
  },
  {
    env: 'TPU_NAME',
    variable: 'tpu_name',
    path: ['tpu', 'name'],
    type: 'string',
    namesOneResource: true,
    description: 'TPU VM name',
  },
  {
    env: 'ENABLE_MONITORING',
    variable: 'enable_monitoring',
    path: ['enableMonitoring'],
    type: 'boolean',
    namesOneResource: false,
    description: 'Create the monitoring dashboard and alerts',
  },
  {
    env: 'ENABLE_VERTEX_AI',
    variable: 'enable_vertex_ai',
    path: ['enableVertexAi'],
    type: 'boolean',
    namesOneResource: false,
    description: 'Create the Vertex AI pipeline resources',
  },
  {
    env: 'ENABLE_TPU_VM',
    variable: 'enable_tpu_vm',
    path: ['tpu', 'devVm'],
    type: 'boolean',
    namesOneResource: false,
    description: 'Keep an always-on development TPU VM (training runs need none)',
  },
  {
    env: 'NETWORK_NAME',
    variable: 'network_name',
    path: ['network', 'name'],
    type: 'string',
    namesOneResource: true,
    description: 'VPC network name',
  },
  {
    env: 'SUBNET_NAME',
    variable: 'subnet_name',
    path: ['network', 'subnetName'],
    type: 'string',
    namesOneResource: true,
    description: 'Subnet name',
  },
];

/**
 * Shell settings that are read at synth only and are no Terraform variable: the backend block takes
 * no variables, so where the state lives is fixed when the stack is synthesized.
 */
export interface SynthSetting {
  readonly env: string;
  readonly path: readonly string[];
  readonly description: string;
}

export const SYNTH_SETTINGS: readonly SynthSetting[] = [
  {
    env: 'STATE_PROJECT',
    path: ['stateBackend', 'project'],
    description: 'Project of the Terraform state bucket (npm run bootstrap creates it there); synth time only',
  },
];

export type ShellEnv = Readonly<Record<string, string | undefined>>;

/** The inputs set (non-empty) in the shell. */
export function givenInputs(shell: ShellEnv): StackInput[] {
  return STACK_INPUTS.filter((i) => shell[i.env] !== undefined && shell[i.env] !== '');
}

/** Parses a boolean input strictly; returns undefined when it is not `true` or `false`. */
export function parseBoolean(raw: string): boolean | undefined {
  const v = raw.trim().toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** The synth settings set (non-empty) in the shell. */
export function givenSettings(shell: ShellEnv): SynthSetting[] {
  return SYNTH_SETTINGS.filter((i) => shell[i.env] !== undefined && shell[i.env] !== '');
}

/**
 * Applies the given inputs and synth settings to a copy of the committed environment. Booleans must
 * already be checked.
 */
export function applyOverrides(base: EnvironmentInput, shell: ShellEnv): EnvironmentInput {
  const copy = structuredClone(base) as Record<string, unknown>;
  const set = (path: readonly string[], value: unknown) => {
    let target = copy;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[path[path.length - 1]] = value;
  };
  for (const input of givenInputs(shell)) {
    const raw = shell[input.env] as string;
    set(input.path, input.type === 'boolean' ? parseBoolean(raw) : raw.trim());
  }
  for (const setting of givenSettings(shell)) set(setting.path, (shell[setting.env] as string).trim());
  return copy as unknown as EnvironmentInput;
}
