import { ENVIRONMENT_NAMES, EnvironmentConfig, EnvironmentName, loadEnvironments, ShellEnv } from '../../config';
import { parseEnvironmentArg } from '../delivery/environment-arg';
import { InputError } from '../../core/errors';

/**
 * The environments `npm run cost [-- <env> ...]` prices: those named (each checked as every CLI does,
 * an ENVIRONMENT that differs refused), else ENVIRONMENT, else all. Never none: a selection that comes
 * out empty is an error, not a blank page.
 */
export function costEnvironments(args: readonly string[], shell: ShellEnv): EnvironmentConfig[] {
  const problems: string[] = [];
  const names: EnvironmentName[] = [];
  for (const arg of args) {
    try {
      const name = parseEnvironmentArg(arg, shell);
      if (!names.includes(name)) names.push(name);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
    }
  }
  if (problems.length) throw new InputError(problems);
  // One environment named: its shell inputs apply to it alone, as with ENVIRONMENT=<env>.
  const loaded = loadEnvironments(names.length === 1 ? { ...shell, ENVIRONMENT: names[0] } : shell);
  const selected = loaded.filter((e) => names.length === 0 || names.includes(e.name));
  if (selected.length === 0) {
    throw new InputError([
      `environment: none selected; allowed: npm run cost -- [${ENVIRONMENT_NAMES.join('|')} ...], or ENVIRONMENT=<env>`,
    ]);
  }
  return selected;
}
