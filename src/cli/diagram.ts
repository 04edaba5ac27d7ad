/**
 * `npm run diagram [-- <env>]`: synthesizes one environment (default dev) and writes a Mermaid
 * diagram of its resources, grouped by construct, to docs/architecture.md (or `--out <file>`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../errors';
import { architectureDoc } from '../delivery/diagram';
import { parseEnvironmentArg, withSynthesizedStack } from '../delivery/synth-one';
import { runCli } from './exit';

const DEFAULT_DIAGRAM = 'docs/architecture.md';

runCli(() => {
  const args = process.argv.slice(2);
  let out = DEFAULT_DIAGRAM;
  const outAt = args.indexOf('--out');
  if (outAt >= 0) {
    if (!args[outAt + 1]) throw new InputError(['--out: missing a file; allowed: --out docs/architecture.md']);
    out = args[outAt + 1];
    args.splice(outAt, 2);
  }
  if (args.length > 1) throw new InputError([`arguments "${args.join(' ')}": unexpected; allowed: npm run diagram -- [<env>] [--out <file>]`]);
  const name = parseEnvironmentArg(args[0] ?? process.env.ENVIRONMENT ?? 'dev', process.env);
  const doc = withSynthesizedStack(name, process.env, (_dir, tf) => architectureDoc(name, tf));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, doc);
  process.stdout.write(`${out}\n`);
});
