import { ENVIRONMENT_NAMES, STACK_INPUTS } from '../../config';
import { shown } from '../../core/problem-line';

/** What `--help` prints for one CLI: what it does, its arguments, the environment variables it reads. */
export interface Usage {
  /** e.g. `npm run cost -- [<env> ...]` */
  readonly command: string;
  readonly what: string;
  readonly args?: readonly (readonly [string, string])[];
  readonly env?: readonly (readonly [string, string])[];
}

/** `-h` or `--help` anywhere among the arguments. */
export function helpRequested(args: readonly string[]): boolean {
  return args.includes('--help') || args.includes('-h');
}

export function formatUsage(u: Usage): string {
  const table = (rows: readonly (readonly [string, string])[]) => {
    const width = Math.max(...rows.map(([k]) => k.length));
    return rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v}`);
  };
  const args: (readonly [string, string])[] = [...(u.args ?? []), ['-h, --help', 'print this and exit']];
  return [
    `usage: ${u.command}`,
    '',
    u.what,
    '',
    'arguments:',
    ...table(args),
    ...(u.env?.length ? ['', 'environment variables:', ...table(u.env)] : []),
    '',
  ].join('\n');
}

export const ENVIRONMENT_VARIABLE = ['ENVIRONMENT', `one environment: ${ENVIRONMENT_NAMES.join(', ')}`] as const;

/** The shell inputs that override an environment's configuration (src/config/stack-inputs.ts). */
export function configInputs(): (readonly [string, string])[] {
  return STACK_INPUTS.map((i) => [i.env, i.description] as const);
}

/**
 * The file arguments of a command that takes only files (`npm run policy`, `plan-summary`): an
 * argument that starts with `-` is a flag, and these commands have none but -h/--help, so it is one
 * line naming the flag, not a file "not found". After `--`, every argument is a file.
 */
export function fileArguments(args: readonly string[], usage: string): { files: string[]; problems: string[] } {
  const files: string[] = [];
  const problems: string[] = [];
  let flags = true;
  for (const arg of args) {
    if (flags && arg === '--') flags = false;
    else if (flags && arg.startsWith('-'))
      problems.push(`flag=${shown(arg)}: unknown; allowed: ${usage} (a file named so: ./${arg}, or after --)`);
    else files.push(arg);
  }
  return { files, problems };
}
