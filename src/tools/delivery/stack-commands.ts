import { EnvironmentName, ENVIRONMENTS, loadEnvironments, STACK_INPUTS, ShellEnv, StackInput } from '../../config';
import { InputError } from '../../core/errors';
import { BOOTSTRAP_OUTDIR, bootstrapStackName } from '../../../stacks/bootstrap-names';
import { extraArgumentProblems, parseStackArgs, STACK_ACTIONS, StackAction, StackArgs } from './stack-args';
import { autoVarFiles, readVarFile, VariableValue } from './var-files';
import { parseEnvironmentArg } from './environment-arg';
import { shown } from '../../core/problem-line';

export { STACK_ACTIONS } from './stack-args';
export type { StackAction } from './stack-args';

/**
 * `npm run deploy|diff|destroy|bootstrap -- <env> [flags]` as a cdktf command line. The CLI
 * (src/tools/cli/stack.ts) runs what this returns; it reads nothing but the var files. Before any
 * command line is returned (dry run or not), every argument is checked (one environment; only the flags
 * of src/tools/delivery/stack-args.ts) and the environment's configuration is validated with the shell's
 * inputs, as synth does, and with every value Terraform will get for a stack variable (--var,
 * --var-file, the var files cdktf adds, TF_VAR_<name>). `destroy` refuses
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

export function cdktfInvocation(argv: readonly string[], shell: ShellEnv, cwd = process.cwd()): CdktfInvocation {
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
    collect(problems, () =>
      validateConfiguration(name, shell, action === 'bootstrap' ? [] : variableValues(shell, parsed, cwd)),
    );
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
 * Every value Terraform will be given for a stack variable, lowest precedence first, as cdktf passes
 * them: TF_VAR_<name> from the environment, then `--var` (cdktf puts every -var before the -var-files),
 * then the var files cdktf finds in the project folder, then `--var-file` in order. An unreadable var
 * file is a problem line; its values for variables the stack does not have are left out (Terraform
 * only warns about them).
 */
function variableValues(shell: ShellEnv, parsed: StackArgs, cwd: string): VariableValue[] {
  const problems: string[] = [];
  const values: VariableValue[] = [];
  for (const input of STACK_INPUTS) {
    const value = shell[`TF_VAR_${input.variable}`];
    if (value !== undefined) values.push({ variable: input.variable, value, field: `TF_VAR_${input.variable}` });
  }
  for (const [variable, value] of Object.entries(parsed.variables))
    values.push({ variable, value, field: `--var ${variable}` });
  const files = [
    ...autoVarFiles(cwd).map((f) => [f, 'auto var file'] as const),
    ...parsed.varFiles.map((f) => [f, '--var-file'] as const),
  ];
  for (const [file, field] of files) values.push(...(collect(problems, () => readVarFile(file, field, cwd)) ?? []));
  if (problems.length) throw new InputError(problems);
  return values.filter((v) => STACK_INPUTS.some((i) => i.variable === v.variable));
}

/**
 * Why Terraform would take a variable's value other than the configuration does, or undefined: the
 * shell inputs are trimmed and an empty one is unset, but Terraform keeps `--var project_id=` as ""
 * and spaces as they are, and a bool variable takes true or false only (not FALSE, not yes).
 */
function variableValueProblem(v: VariableValue, input: StackInput): string | undefined {
  const at = `${v.field}=${shown(v.value)}`;
  if (input.type === 'boolean')
    return [true, false, 'true', 'false'].includes(v.value as string)
      ? undefined
      : `${at}: not a boolean as Terraform reads one; allowed: true, false`;
  if (typeof v.value !== 'string' && typeof v.value !== 'number')
    return `${at}: not a string; allowed: ${input.description}, as a string`;
  const text = String(v.value);
  if (text === '') return `${at}: empty, and Terraform would take "" as the value; allowed: ${input.description}`;
  if (text !== text.trim())
    return `${at}: starts or ends with a space, which Terraform keeps; allowed: the value without the spaces`;
  return undefined;
}

/**
 * Validates the environment's configuration as the real run will meet it: the shell's inputs as synth
 * reads them, then each value Terraform will be given for a stack variable (variableValues), checked
 * as Terraform takes it, and the ones that win in place of the matching shell inputs, so
 * `--var zone=us-central2-b` fails here as `ZONE=us-central2-b` does, named by where it came from.
 */
function validateConfiguration(name: EnvironmentName, shell: ShellEnv, values: readonly VariableValue[]): void {
  const problems: string[] = [];
  collect(problems, () => loadEnvironments({ ...shell, ENVIRONMENT: name }));
  const winning = new Map<string, VariableValue>();
  for (const v of values) {
    const input = STACK_INPUTS.find((i) => i.variable === v.variable) as StackInput;
    const problem = variableValueProblem(v, input);
    if (problem) problems.push(problem);
    if (problem) winning.delete(v.variable);
    else winning.set(v.variable, v);
  }
  if (winning.size) {
    const given = [...winning.values()].map((v) => ({
      v,
      input: STACK_INPUTS.find((i) => i.variable === v.variable) as StackInput,
    }));
    const inputs = Object.fromEntries(given.map(({ v, input }) => [input.env, String(v.value)]));
    const withVars: string[] = [];
    collect(withVars, () => loadEnvironments({ ...shell, ...inputs, ENVIRONMENT: name }));
    for (const line of withVars) {
      const from = given.find(({ input }) => line.startsWith(`${input.env}=`));
      if (from) problems.push(`${from.v.field}${line.slice(from.input.env.length)}`);
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
