/**
 * `npm run diagram [-- <env>] [--out <file>]`: synthesizes one environment (default dev) and writes a
 * Mermaid diagram of its resources, grouped by construct, to docs/architecture.md (dev only; another
 * environment needs `--out <file>`, in an existing folder: see src/tools/delivery/diagram-args.ts and
 * write-output.ts).
 */
import { ENVIRONMENT_NAMES } from '../../config';
import { architectureDoc } from '../delivery/diagram';
import { DEFAULT_DIAGRAM, DIAGRAM_COMMAND, diagramArgs } from '../delivery/diagram-args';
import { withSynthesizedStack } from '../delivery/synth-one';
import { writeOutputFile } from '../delivery/write-output';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';

const USAGE = formatUsage({
  command: DIAGRAM_COMMAND,
  what: `Synthesizes one environment and writes a Mermaid diagram of its resources, grouped by construct (default ${DEFAULT_DIAGRAM}).`,
  args: [
    ['<env>', `${ENVIRONMENT_NAMES.join(', ')}; default: ENVIRONMENT, else dev`],
    ['--out <file>', `where to write (default ${DEFAULT_DIAGRAM}, dev only); its folder must exist`],
  ],
  env: [ENVIRONMENT_VARIABLE, ...configInputs()],
});

runCli(() => {
  const { name, out } = diagramArgs(process.argv.slice(2), process.env);
  const doc = withSynthesizedStack(name, process.env, (_dir, tf) => architectureDoc(name, tf));
  writeOutputFile(out, doc);
  process.stdout.write(`${out}\n`);
}, USAGE);
