import { resolve } from 'node:path';
import { EnvironmentName, ShellEnv } from '../../config';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';
import { parseEnvironmentArg } from './environment-arg';
import { checkOutputFile } from './write-output';

/** Where `npm run diagram` writes by default: the committed dev diagram. */
export const DEFAULT_DIAGRAM = 'docs/architecture.md';
export const DIAGRAM_COMMAND = 'npm run diagram -- [<env>] [--out <file>]';

/** `--out <file>` or `--out=<file>`; the other arguments are left in `rest`. */
function parseArgs(args: readonly string[]): { out: string; rest: string[] } {
  const rest: string[] = [];
  let out: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? args[++i] : arg.slice('--out='.length);
      if (!value) throw new InputError([`--out: missing a file; allowed: --out ${DEFAULT_DIAGRAM}`]);
      if (out !== undefined)
        throw new InputError([`--out=${shown(value)}: given twice (first ${shown(out)}); allowed: one --out <file>`]);
      out = value;
    } else if (arg.startsWith('-')) {
      throw new InputError([`flag=${shown(arg)}: unknown; allowed: ${DIAGRAM_COMMAND}`]);
    } else {
      rest.push(arg);
    }
  }
  return { out: out ?? DEFAULT_DIAGRAM, rest };
}

/**
 * The arguments of `npm run diagram`, every check that needs no synth done: the environment (default
 * ENVIRONMENT, else dev) and where to write. docs/architecture.md is the committed dev diagram
 * (test/diagram.spec.ts checks it against a dev synth), so another environment's diagram must go
 * elsewhere, or the next `npm test` fails.
 */
export function diagramArgs(args: readonly string[], shell: ShellEnv): { name: EnvironmentName; out: string } {
  const { out, rest } = parseArgs(args);
  if (rest.length > 1)
    throw new InputError([`arguments=${shown(rest.join(' '))}: unexpected; allowed: ${DIAGRAM_COMMAND}`]);
  const name = parseEnvironmentArg(rest[0] ?? shell.ENVIRONMENT ?? 'dev', shell);
  if (name !== 'dev' && resolve(out) === resolve(DEFAULT_DIAGRAM))
    throw new InputError([
      `${rest[0] !== undefined ? '<env>' : 'ENVIRONMENT'}=${shown(name)}: would overwrite ${DEFAULT_DIAGRAM}, the committed diagram of dev; allowed: npm run diagram -- ${name} --out <file>, e.g. --out ${name}-architecture.md`,
    ]);
  checkOutputFile(out);
  return { name, out };
}
