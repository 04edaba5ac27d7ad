import { ENVIRONMENT_NAMES, EnvironmentName, ShellEnv } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

/** Checks an environment given on the command line; one line when it is not one of ours. */
export function parseEnvironmentArg(value: string | undefined, shell: ShellEnv = {}): EnvironmentName {
  if (value === undefined || value === '') {
    throw new InputError([`<env>: missing; allowed: ${ENVIRONMENT_NAMES.join(', ')}`]);
  }
  if (!(ENVIRONMENT_NAMES as readonly string[]).includes(value)) {
    throw new InputError([`<env>=${shown(value)}: unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`]);
  }
  if (shell.ENVIRONMENT && shell.ENVIRONMENT !== value) {
    throw new InputError([
      `ENVIRONMENT=${shown(shell.ENVIRONMENT)}: differs from <env>=${shown(value)}; allowed: unset, or the same environment`,
    ]);
  }
  return value as EnvironmentName;
}
