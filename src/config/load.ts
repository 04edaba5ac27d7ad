import { ENVIRONMENTS } from './environments';
import { ConfigError } from './errors';
import { applyOverrides, givenInputs, parseBoolean, RECIPE_INPUTS, ShellEnv } from './overrides';
import { ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentInput, EnvironmentName, environmentSchema } from './schema';

/**
 * Reads the shell's inputs once, validates every selected environment, and returns typed values.
 * Throws ConfigError listing every problem, one line each.
 */
export function loadEnvironments(
  shell: ShellEnv,
  committed: Record<EnvironmentName, EnvironmentInput> = ENVIRONMENTS,
): EnvironmentConfig[] {
  const problems: string[] = [];
  const selected = selectEnvironments(shell, problems);
  const reported = new Set<string>();

  for (const input of givenInputs(shell)) {
    if (input.namesOneResource && shell.ENVIRONMENT === undefined) {
      problems.push(
        `${input.env}="${shell[input.env]}": names one resource, and three stacks cannot share it; allowed: only together with ENVIRONMENT=<${ENVIRONMENT_NAMES.join('|')}>`,
      );
    }
    if (input.type === 'boolean' && parseBoolean(shell[input.env] as string) === undefined) {
      problems.push(`${input.env}="${shell[input.env]}": not a boolean; allowed: true, false`);
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
  if (problems.length) throw new ConfigError(problems);
  return result;
}

function selectEnvironments(shell: ShellEnv, problems: string[]): EnvironmentName[] {
  const wanted = shell.ENVIRONMENT;
  if (wanted === undefined) return [...ENVIRONMENT_NAMES];
  if ((ENVIRONMENT_NAMES as readonly string[]).includes(wanted)) return [wanted as EnvironmentName];
  problems.push(`ENVIRONMENT="${wanted}": unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`);
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
  const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
  const fromShell = RECIPE_INPUTS.find((i) => i.path.join('.') === keys.join('.') && shell[i.env] !== undefined && shell[i.env] !== '');
  const where = fromShell ? fromShell.env : `environments.${env}.${keys.join('.')}`;
  return `${where}=${shown}: ${message}`;
}
