import { EnvironmentName, ENVIRONMENTS, loadEnvironments, STACK_INPUTS, ShellEnv } from '../../config';
import { InputError } from '../../core/errors';
import { BOOTSTRAP_OUTDIR, bootstrapStackName } from '../../../stacks/bootstrap-stack';
import { extraArgumentProblems, parseStackArgs, STACK_ACTIONS, StackAction } from './stack-args';
import { parseEnvironmentArg } from './environment-arg';
import { shown } from '../../core/problem-line';

export { STACK_ACTIONS } from './stack-args';
export type { StackAction } from './stack-args';

/**
 * `npm run deploy|diff|destroy|bootstrap -- <env> [flags]` as a cdktf command line. Pure: the CLI
 * (src/tools/cli/stack.ts) runs what this returns. Before any command line is returned (dry run or not),
 * every argument is checked (one environment; only the flags of src/tools/delivery/stack-args.ts) and the
 * environment's configuration is validated with the shell's inputs, as synth does. `destroy` refuses
 * an environment with deletion protection (prod) unless asked explicitly with `--allow-prod` or
 * `CONFIRM_DESTROY=<env>`. All problems are reported together, one line each.
 */

/** The bootstrap app's command, for `cdktf --app` (the npm script has built it already). */
export const BOOTSTRAP_APP = 'node .build/bootstrap.js';

export interface CdktfInvocation {
  /** Arguments to the `cdktf` binary. */
  readonly args: readonly string[];
  /** Variables set for cdktf, on top of the shell's. */
  readonly env: Readonly<Record<string, string>>;
  /** Print the command instead of running it. */
  readonly dryRun: boolean;
}

export function cdktfInvocation(argv: readonly string[], shell: ShellEnv): CdktfInvocation {
  const [action, ...rest] = argv;
  if (!(STACK_ACTIONS as readonly string[]).includes(action)) {
    throw new InputError([`action=${shown(action ?? '')}: unknown; allowed: ${STACK_ACTIONS.join(', ')}`]);
  }
  const parsed = parseStackArgs(action as StackAction, rest);
  const [envArg, ...extra] = parsed.positionals;
  const problems: string[] = [];
  const name = collect(problems, () => parseEnvironmentArg(envArg, shell));
  problems.push(...extraArgumentProblems(extra, envArg, action as StackAction), ...parsed.problems);
  if (name) {
    collect(problems, () => validateConfiguration(name, shell, parsed.variables));
    if (
      action === 'destroy' &&
      ENVIRONMENTS[name].deletionProtection &&
      !parsed.allowProd &&
      shell.CONFIRM_DESTROY !== name
    ) {
      problems.push(
        `destroy ${name}: refused, ${name} is protected (deletionProtection); allowed: npm run destroy -- ${name} --allow-prod, or CONFIRM_DESTROY=${name} npm run destroy -- ${name}`,
      );
    }
  }
  if (problems.length || !name) throw new InputError(problems);

  const env = { CHECKPOINT_DISABLE: '1', ENVIRONMENT: name };
  const { dryRun, passThrough } = parsed;
  if (action === 'bootstrap') {
    return {
      args: ['deploy', '--app', BOOTSTRAP_APP, '--output', BOOTSTRAP_OUTDIR, bootstrapStackName(name), ...passThrough],
      env,
      dryRun,
    };
  }
  return { args: [action, name, ...passThrough], env, dryRun };
}

/**
 * Validates the environment's configuration as the real run will meet it: the shell's inputs as synth
 * reads them, then the stack variables given with `--var` in place of the matching shell input (named
 * `--var <name>` in the message), so `--var zone=us-central2-b` fails here as `ZONE=us-central2-b` does.
 */
function validateConfiguration(
  name: EnvironmentName,
  shell: ShellEnv,
  variables: Readonly<Record<string, string>>,
): void {
  const problems: string[] = [];
  collect(problems, () => loadEnvironments({ ...shell, ENVIRONMENT: name }));
  const fromVars = STACK_INPUTS.filter((i) => variables[i.variable] !== undefined);
  if (fromVars.length) {
    const inputs = Object.fromEntries(fromVars.map((i) => [i.env, variables[i.variable]]));
    const withVars: string[] = [];
    collect(withVars, () => loadEnvironments({ ...shell, ...inputs, ENVIRONMENT: name }));
    for (const line of withVars) {
      const input = fromVars.find((i) => line.startsWith(`${i.env}="`));
      if (input) problems.push(`--var ${input.variable}${line.slice(input.env.length)}`);
    }
  }
  if (problems.length) throw new InputError(problems);
}

/** Runs `check`; an InputError's lines go to `problems` instead of being thrown. */
function collect<T>(problems: string[], check: () => T): T | undefined {
  try {
    return check();
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    problems.push(...e.problems);
    return undefined;
  }
}

/** The invocation as one shell line, e.g. `CHECKPOINT_DISABLE=1 ENVIRONMENT=dev cdktf deploy dev`. */
export function commandLine(invocation: CdktfInvocation): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  const vars = Object.entries(invocation.env).map(([k, v]) => `${k}=${quote(v)}`);
  return [...vars, 'cdktf', ...invocation.args.map(quote)].join(' ');
}
