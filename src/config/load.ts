import { ENVIRONMENTS } from './environments';
import { ConfigError } from './errors';
import { applyOverrides, givenInputs, parseBoolean, STACK_INPUTS, ShellEnv } from './stack-inputs';
import { ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentInput, EnvironmentName, environmentSchema } from './schema';
import { shown } from '../core/problem-line';

/**
 * Reads the shell's inputs once, validates every selected environment, and returns typed values.
 * Throws ConfigError listing every problem, one line each.
 */
export function loadEnvironments(
  shell: ShellEnv,
  committed: Record<EnvironmentName, EnvironmentInput> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const problems: string[] = [];
  // An empty variable counts as unset, for ENVIRONMENT as for every stack input.
  const environment = shell.ENVIRONMENT === '' ? undefined : shell.ENVIRONMENT;
  const selected = selectEnvironments(environment, problems);
  const reported = new Set<string>();

  for (const input of givenInputs(shell)) {
    if (input.namesOneResource && environment === undefined) {
      problems.push(
        `${input.env}=${shown(shell[input.env])}: names one resource, and three stacks cannot share it; allowed: only together with ENVIRONMENT=<${ENVIRONMENT_NAMES.join('|')}>`,
      );
    }
    if (input.type === 'boolean' && parseBoolean(shell[input.env] as string) === undefined) {
      problems.push(`${input.env}=${shown(shell[input.env])}: not a boolean; allowed: true, false`);
      reported.add(input.path.join('.'));
    }
  }

  const result: EnvironmentConfig[] = [];
  for (const name of selected) {
    const input = applyOverrides(committed[name], shell);
    const parsed = environmentSchema.safeParse(input);
    if (parsed.success) {
      result.push(parsed.data);
      continue;
    }
    for (const issue of parsed.error.issues) {
      if (reported.has(issue.path.map(String).join('.'))) continue;
      const line =
        issue.code === 'unrecognized_keys'
          ? `${['environments', name, ...issue.path.map(String)].join('.')}: unknown field(s) ${issue.keys.join(', ')}; allowed: only the fields in src/config/schema.ts`
          : describeIssue(name, input, issue.path, issue.message, shell);
      if (!problems.includes(line)) problems.push(line);
    }
  }
  problems.push(...sharedNames(result));
  if (problems.length) throw new ConfigError(problems);
  return result;
}

/**
 * Names that must differ between environments: a bucket name is global, and two stacks cannot own one
 * bucket or one state location (e.g. PROJECT_ID set for all three environments with derived names).
 */
function sharedNames(envs: readonly EnvironmentConfig[]): string[] {
  const owners = new Map<string, string[]>();
  const claim = (key: string, env: string) => owners.set(key, [...(owners.get(key) ?? []), env]);
  for (const env of envs) {
    claim(`data lake bucket "${env.bucket.name}"`, env.name);
    claim(`state location "gs://${env.stateBackend.bucket}/${env.stateBackend.prefix}"`, env.name);
  }
  return [...owners]
    .filter(([, names]) => names.length > 1)
    .map(
      ([what, names]) =>
        `${what}: shared by ${names.join(' and ')}; allowed: one per environment (give each environment its own project id, or set ENVIRONMENT with BUCKET_NAME)`,
    );
}

function selectEnvironments(wanted: string | undefined, problems: string[]): EnvironmentName[] {
  if (wanted === undefined) return [...ENVIRONMENT_NAMES];
  if ((ENVIRONMENT_NAMES as readonly string[]).includes(wanted)) return [wanted as EnvironmentName];
  problems.push(`ENVIRONMENT=${shown(wanted)}: unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`);
  return [];
}

/** Names the shell variable when the bad value came from one, else the committed field. */
function describeIssue(
  env: EnvironmentName,
  input: EnvironmentInput,
  path: readonly PropertyKey[],
  message: string,
  shell: ShellEnv,
): string {
  const keys = path.map(String);
  const value = keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input);
  const fromShell = STACK_INPUTS.find(
    (i) => i.path.join('.') === keys.join('.') && shell[i.env] !== undefined && shell[i.env] !== '',
  );
  const where = fromShell ? fromShell.env : `environments.${env}.${keys.join('.')}`;
  return `${where}=${shown(value)}: ${message}`;
}
