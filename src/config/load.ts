import { ENVIRONMENTS } from './environments';
import { ConfigError } from './errors';
import { applyOverrides, givenInputs, parseBoolean, STACK_INPUTS, ShellEnv, SYNTH_SETTINGS } from './stack-inputs';
import { findTpuZone, V6E_ZONES } from '../catalog';
import {
  derivedBucketName,
  ENVIRONMENT_NAMES,
  EnvironmentConfig,
  EnvironmentInput,
  EnvironmentName,
  environmentSchema,
} from './schema';
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
    const failed = new Set(parsed.error.issues.map((i) => i.path.map(String).join('.')));
    for (const issue of parsed.error.issues) {
      if (reported.has(issue.path.map(String).join('.'))) continue;
      // A rule across two fields says nothing new when the other field is itself wrong (REGION=foo).
      const pair = issue.code === 'custom' ? (issue.params?.pair as string | undefined) : undefined;
      if (pair && failed.has(pair)) continue;
      const line =
        issue.code === 'unrecognized_keys'
          ? `${['environments', name, ...issue.path.map(String)].join('.')}: unknown field(s) ${issue.keys.join(', ')}; allowed: only the fields in src/config/schema.ts`
          : (pair && blamePair(input, issue.path, pair, shell)) ||
            describeIssue(name, input, issue.path, issue.message, shell);
      if (!problems.includes(line)) problems.push(line);
    }
  }
  problems.push(...claimProblems(result, committed, shell));
  if (problems.length) throw new ConfigError(problems);
  return result;
}

/** Where a claimed name came from: the shell input that set it, else the committed field. */
interface Source {
  readonly field: string;
  readonly value: unknown;
  readonly fromShell: boolean;
  /** The name is derived from the project id (`<projectId>-data-lake`, `<projectId>-tfstate`). */
  readonly derived: boolean;
}

function given(shell: ShellEnv, env: string): boolean {
  return shell[env] !== undefined && shell[env] !== '';
}

function sourceOf(
  env: EnvironmentConfig,
  selected: boolean,
  committed: EnvironmentInput,
  name: 'bucket' | 'state',
  shell: ShellEnv,
): Source {
  if (name === 'bucket' && selected && given(shell, 'BUCKET_NAME'))
    return { field: 'BUCKET_NAME', value: env.bucket.name, fromShell: true, derived: false };
  const set = name === 'bucket' ? committed.bucket.name : committed.stateBackend.bucket;
  if (set !== undefined)
    return {
      field: `environments.${env.name}.${name === 'bucket' ? 'bucket.name' : 'stateBackend.bucket'}`,
      value: set,
      fromShell: false,
      derived: false,
    };
  return selected && given(shell, 'PROJECT_ID')
    ? { field: 'PROJECT_ID', value: env.projectId, fromShell: true, derived: true }
    : { field: `environments.${env.name}.projectId`, value: env.projectId, fromShell: false, derived: true };
}

function list(names: readonly string[]): string {
  return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

const ONE_EACH =
  'one per environment, as bucket names are global (give each environment its own project id, or set BUCKET_NAME with ENVIRONMENT)';

/**
 * Names that no two environments may share, checked against every committed environment whichever
 * are selected: a data lake bucket (bucket names are global), a state location (bucket and prefix),
 * and a data lake that is a state bucket (its force_destroy would delete the state). With ENVIRONMENT
 * set, the selected environment is checked against the committed others, so `ENVIRONMENT=dev
 * BUCKET_NAME=<prod's data lake>` or `PROJECT_ID=<prod's project>` is refused too. The line names the
 * input that made the name: BUCKET_NAME or PROJECT_ID when given, else the committed field.
 */
function claimProblems(
  selected: readonly EnvironmentConfig[],
  committed: Record<EnvironmentName, EnvironmentInput>,
  shell: ShellEnv,
): string[] {
  const names = new Set(selected.map((e) => e.name));
  const others = ENVIRONMENT_NAMES.filter((n) => !names.has(n)).flatMap((n) => {
    const parsed = environmentSchema.safeParse(committed[n]);
    return parsed.success ? [parsed.data] : [];
  });
  const all = [...selected, ...others];
  const source = (e: EnvironmentConfig, what: 'bucket' | 'state') =>
    sourceOf(e, names.has(e.name), committed[e.name], what, shell);
  const lines: string[] = [];
  const blame = (owners: readonly EnvironmentConfig[], what: 'bucket' | 'state') => {
    const sources = owners.map((e) => ({ env: e.name, ...source(e, what) }));
    const shellGiven = sources.filter((x) => x.fromShell);
    const blamed = shellGiven.length ? shellGiven : sources.filter((x) => names.has(x.env));
    return [...new Map(blamed.map((b) => [`${b.field}=${shown(b.value)}`, b])).values()].map((b) => ({
      ...b,
      envs: blamed.filter((x) => x.field === b.field && x.value === b.value).map((x) => x.env),
    }));
  };

  const byLake = new Map<string, EnvironmentConfig[]>();
  for (const e of all) byLake.set(e.bucket.name, [...(byLake.get(e.bucket.name) ?? []), e]);
  for (const [bucket, owners] of byLake) {
    if (owners.length < 2 || !owners.some((e) => names.has(e.name))) continue;
    for (const b of blame(owners, 'bucket')) {
      const rest = owners.map((e) => e.name).filter((n) => !b.envs.includes(n));
      const what = rest.length
        ? `${b.derived ? `gives ${list(b.envs)} the data lake bucket ${shown(bucket)}, which is` : 'is'} the data lake bucket of ${list(rest)}`
        : `gives ${list(b.envs)} one data lake bucket, ${shown(bucket)}`;
      lines.push(`${b.field}=${shown(b.value)}: ${what}; allowed: ${ONE_EACH}`);
    }
  }

  for (const lake of all) {
    const state = all.find((e) => e.stateBackend.bucket === lake.bucket.name);
    if (!state || (!names.has(lake.name) && !names.has(state.name))) continue;
    const asLake = { ...source(lake, 'bucket'), side: 'lake' as const };
    const asState = { ...source(state, 'state'), side: 'state' as const };
    const at = [asLake, asState].find((x) => x.fromShell) ?? asLake;
    const name = shown(lake.bucket.name);
    const what =
      at.side === 'lake'
        ? `${at.derived ? `gives ${lake.name} the data lake bucket ${name}, which is` : 'is'} the Terraform state bucket of ${state.name}`
        : `${at.derived ? `gives ${state.name} the state bucket ${name}, which is` : 'is'} the data lake bucket of ${lake.name}`;
    lines.push(
      `${at.field}=${shown(at.value)}: ${what} (destroying the data lake would delete the state); allowed: a data lake bucket of its own, e.g. ${derivedBucketName(lake.projectId, 'data-lake')}`,
    );
  }

  const byLocation = new Map<string, EnvironmentConfig[]>();
  for (const e of all) {
    const key = `gs://${e.stateBackend.bucket}/${e.stateBackend.prefix}`;
    byLocation.set(key, [...(byLocation.get(key) ?? []), e]);
  }
  for (const [location, owners] of byLocation) {
    if (owners.length < 2 || !owners.some((e) => names.has(e.name))) continue;
    for (const b of blame(owners, 'state'))
      lines.push(
        `${b.field}=${shown(b.value)}: gives ${list(owners.map((e) => e.name))} one state location, ${shown(location)}; allowed: one state location per environment (its own stateBackend.prefix or state bucket)`,
      );
  }
  return [...new Set(lines)];
}

function selectEnvironments(wanted: string | undefined, problems: string[]): EnvironmentName[] {
  if (wanted === undefined) return [...ENVIRONMENT_NAMES];
  if ((ENVIRONMENT_NAMES as readonly string[]).includes(wanted)) return [wanted as EnvironmentName];
  problems.push(`ENVIRONMENT=${shown(wanted)}: unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`);
  return [];
}

/** The value at `keys` of the (overridden) input. */
function valueAt(input: EnvironmentInput, keys: readonly string[]): unknown {
  return keys.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], input);
}

/** The shell input that set the field at `keys` (non-empty), if one did. */
function shellInputAt(keys: readonly string[], shell: ShellEnv): { readonly env: string } | undefined {
  return [...STACK_INPUTS, ...SYNTH_SETTINGS].find((i) => i.path.join('.') === keys.join('.') && given(shell, i.env));
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
  const where = shellInputAt(keys, shell)?.env ?? `environments.${env}.${keys.join('.')}`;
  return `${where}=${shown(valueAt(input, keys))}: ${message}`;
}

/**
 * A rule across two fields (the zone lies in the region) blames the one that was given: `REGION=x`
 * alone makes the committed zone wrong, and the line names REGION, not the zone nobody changed.
 * Undefined when the rule's own field was given, or neither was (describeIssue names it then).
 */
function blamePair(
  input: EnvironmentInput,
  path: readonly PropertyKey[],
  pair: string,
  shell: ShellEnv,
): string | undefined {
  const keys = path.map(String);
  const other = shellInputAt([pair], shell);
  if (shellInputAt(keys, shell) || !other) return undefined;
  const value = valueAt(input, keys);
  const region = String(valueAt(input, [pair]));
  const zone = findTpuZone(String(value));
  const zones = V6E_ZONES.filter((z) => findTpuZone(z)?.region === region);
  const instead = zones.length
    ? `ZONE set to a zone of ${region} that offers TPU v6e (${zones.join(', ')})`
    : `no ZONE: ${region} has no v6e zone`;
  // Not naming the environment: REGION=x with three environments' committed zone is one line.
  return `${other.env}=${shown(region)}: does not contain the committed zone ${shown(value)}; allowed: ${zone ? `${zone.region} (that zone's region), or ` : ''}${instead}`;
}
