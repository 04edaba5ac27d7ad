import { CDKTF_PASSED_FLAGS, CDKTF_WITHHELD_FLAGS, CdktfFlag } from '../../toolchain';
import { ENVIRONMENT_NAMES, STACK_INPUTS } from '../../config';
import { shown } from '../../core/problem-line';

/**
 * The arguments of `npm run deploy|diff|destroy|bootstrap -- <env> [flags]`, checked against a known
 * set: the wrapper's own flags and the cdktf flags of src/toolchain/cdktf-cli.ts that the action's cdktf
 * command accepts. Anything else (a typo such as `--dryrun`, a second environment) is a problem.
 */
export const STACK_ACTIONS = ['deploy', 'diff', 'destroy', 'bootstrap'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];

export interface OwnFlag {
  readonly flag: '--dry-run' | '--allow-prod';
  readonly actions: readonly StackAction[];
  readonly description: string;
}

/** The wrapper's own flags: never passed to cdktf. */
export const OWN_FLAGS: readonly OwnFlag[] = [
  {
    flag: '--dry-run',
    actions: STACK_ACTIONS,
    description: 'print the cdktf command (after every check) instead of running it',
  },
  { flag: '--allow-prod', actions: ['destroy'], description: 'destroy an environment with deletion protection (prod)' },
];

/** Flags that set stack variables: not for bootstrap, whose stack has none. */
const VARIABLE_FLAGS = ['--var', '--var-file'];

/** The cdktf flags passed on for `action` (bootstrap runs `cdktf deploy`). */
export function cdktfFlagsFor(action: StackAction): CdktfFlag[] {
  const command = action === 'bootstrap' ? 'deploy' : action;
  return CDKTF_PASSED_FLAGS.filter(
    (f) => f.commands.includes(command) && !(action === 'bootstrap' && VARIABLE_FLAGS.includes(f.flag)),
  );
}

/** How a flag is written, e.g. `--var=<name>=<value>`. */
export function flagForm(f: CdktfFlag): string {
  const placeholder = { switch: '', count: '=<n>', variable: '=<name>=<value>', path: '=<file>' }[f.value];
  return `${f.flag}${placeholder}`;
}

export function allowedFlags(action: StackAction): string {
  const own = OWN_FLAGS.filter((f) => f.actions.includes(action)).map((f) => f.flag);
  return [...own, ...cdktfFlagsFor(action).map(flagForm)].join(', ');
}

export interface StackArgs {
  /** Arguments that are not flags: the environment, and anything wrongly given beside it. */
  readonly positionals: readonly string[];
  readonly dryRun: boolean;
  readonly allowProd: boolean;
  /** cdktf flags, as given (`--var x=1` stays two arguments). */
  readonly passThrough: readonly string[];
  /** The values set with `--var <name>=<value>`, by variable name (the last one wins, as in Terraform). */
  readonly variables: Readonly<Record<string, string>>;
  /** The files given with `--var-file`, in order (read and checked by stack-commands.ts). */
  readonly varFiles: readonly string[];
  readonly problems: readonly string[];
}

/** Splits the arguments after the action; every refused flag or value is one line in `problems`. */
export function parseStackArgs(action: StackAction, args: readonly string[]): StackArgs {
  const positionals: string[] = [];
  const passThrough: string[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  const variables: Record<string, string> = {};
  const varFiles: string[] = [];
  const known = cdktfFlagsFor(action);
  const allowed = allowedFlags(action);

  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const own = OWN_FLAGS.find((f) => f.flag === name);
    if (own) {
      if (!own.actions.includes(action))
        problems.push(`${own.flag}: only for destroy; allowed: npm run destroy -- prod --allow-prod`);
      else if (eq > 0) problems.push(`flag=${shown(arg)}: takes no value; allowed: ${own.flag}`);
      else seen.add(own.flag);
      continue;
    }
    const flag = known.find((f) => f.flag === name);
    if (!flag) {
      const other = CDKTF_PASSED_FLAGS.find((f) => f.flag === name);
      const why =
        CDKTF_WITHHELD_FLAGS[name] !== undefined
          ? `not passed on to cdktf: ${CDKTF_WITHHELD_FLAGS[name]}`
          : other
            ? `not accepted by ${action === 'bootstrap' ? 'bootstrap' : `cdktf ${action}`}`
            : `unknown flag for ${action}`;
      problems.push(`flag=${shown(arg)}: ${why}; allowed: ${allowed}`);
      continue;
    }
    if (flag.value === 'switch') {
      if (eq > 0) problems.push(`flag=${shown(arg)}: takes no value; allowed: ${flag.flag}`);
      else passThrough.push(arg);
      continue;
    }
    let value: string;
    if (eq > 0) {
      value = arg.slice(eq + 1);
      passThrough.push(arg);
    } else if (i + 1 < args.length) {
      value = args[++i];
      passThrough.push(arg, value);
    } else {
      problems.push(`flag=${shown(arg)}: needs a value; allowed: ${flagForm(flag)}`);
      continue;
    }
    const problem = valueProblem(flag, value);
    if (problem) problems.push(`${flag.flag}=${shown(value)}: ${problem}`);
    else if (flag.value === 'variable')
      variables[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else if (flag.flag === '--var-file') varFiles.push(value);
  }
  return {
    positionals,
    dryRun: seen.has('--dry-run'),
    allowProd: seen.has('--allow-prod'),
    passThrough,
    variables,
    varFiles,
    problems,
  };
}

const STACK_VARIABLES = STACK_INPUTS.map((i) => i.variable);

function valueProblem(flag: CdktfFlag, value: string): string | undefined {
  switch (flag.value) {
    case 'count': {
      const n = /^-?\d+$/.test(value) ? Number(value) : NaN;
      return n >= 1 || n === -1
        ? undefined
        : `not a whole number >= 1, nor -1; allowed: e.g. ${flag.flag}=4 (-1: no limit)`;
    }
    case 'variable': {
      const m = /^([A-Za-z_][\w-]*)=/.exec(value);
      if (!m) return `not <name>=<value>; allowed: e.g. ${flag.flag}=enable_vertex_ai=false`;
      return STACK_VARIABLES.includes(m[1])
        ? undefined
        : `"${m[1]}" is not a variable of the stack; allowed: ${STACK_VARIABLES.join(', ')}`;
    }
    case 'path':
      return value.trim() === '' ? `empty; allowed: a file path` : undefined;
    default:
      return undefined;
  }
}

/** One line per argument beyond the environment (`destroy dev prod` must not pass the prod guard). */
export function extraArgumentProblems(
  extra: readonly string[],
  env: string | undefined,
  action: StackAction,
): string[] {
  return extra.map((a) =>
    (ENVIRONMENT_NAMES as readonly string[]).includes(a)
      ? `<env>=${shown(a)}: a second environment (after ${shown(env)}); allowed: one environment per command, e.g. npm run ${action} -- ${env}`
      : `argument=${shown(a)}: unexpected; allowed: one <env> (${ENVIRONMENT_NAMES.join(', ')}) and flags`,
  );
}
