/**
 * `npm run diagram [-- <env>] [--out <file>]`: synthesizes one environment (default dev) and writes a
 * Mermaid diagram of its resources, grouped by construct, to docs/architecture.md (or `--out <file>`,
 * in an existing folder: see src/tools/delivery/write-output.ts).
 */
import { resolve } from 'node:path';
import { ENVIRONMENT_NAMES } from '../../config';
import { InputError } from '../../core/errors';
import { architectureDoc } from '../delivery/diagram';
import { parseEnvironmentArg, withSynthesizedStack } from '../delivery/synth-one';
import { checkOutputFile, writeOutputFile } from '../delivery/write-output';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const DEFAULT_DIAGRAM = 'docs/architecture.md';
const ALLOWED = 'npm run diagram -- [<env>] [--out <file>]';

const USAGE = formatUsage({
  command: ALLOWED,
  what: `Synthesizes one environment and writes a Mermaid diagram of its resources, grouped by construct (default ${DEFAULT_DIAGRAM}).`,
  args: [
    ['<env>', `${ENVIRONMENT_NAMES.join(', ')}; default: ENVIRONMENT, else dev`],
    ['--out <file>', `where to write (default ${DEFAULT_DIAGRAM}, dev only); its folder must exist`],
  ],
  env: [ENVIRONMENT_VARIABLE, ...configInputs()],
});

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
      throw new InputError([`flag=${shown(arg)}: unknown; allowed: ${ALLOWED}`]);
    } else {
      rest.push(arg);
    }
  }
  return { out: out ?? DEFAULT_DIAGRAM, rest };
}

/**
 * docs/architecture.md is the committed dev diagram (test/diagram.test.ts checks it against a dev
 * synth): another environment's diagram goes elsewhere, or the next `npm test` fails.
 */
function checkTarget(name: string, out: string, field: string): void {
  if (name !== 'dev' && resolve(out) === resolve(DEFAULT_DIAGRAM))
    throw new InputError([
      `${field}=${shown(name)}: would overwrite ${DEFAULT_DIAGRAM}, the committed diagram of dev; allowed: npm run diagram -- ${name} --out <file>, e.g. --out ${name}-architecture.md`,
    ]);
}

runCli(() => {
  const { out, rest } = parseArgs(process.argv.slice(2));
  if (rest.length > 1) throw new InputError([`arguments=${shown(rest.join(' '))}: unexpected; allowed: ${ALLOWED}`]);
  const name = parseEnvironmentArg(rest[0] ?? process.env.ENVIRONMENT ?? 'dev', process.env);
  checkTarget(name, out, rest[0] !== undefined ? '<env>' : 'ENVIRONMENT');
  checkOutputFile(out);
  const doc = withSynthesizedStack(name, process.env, (_dir, tf) => architectureDoc(name, tf));
  writeOutputFile(out, doc);
  process.stdout.write(`${out}\n`);
}, USAGE);
