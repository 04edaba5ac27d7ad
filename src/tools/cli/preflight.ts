/**
 * `npm run preflight -- <env> [--format=markdown|json]`: checks, read-only and with the caller's own
 * credentials, what would make a deploy or a first training run of one environment fail, and prints a
 * table (Markdown for a pull request, or JSON). Exit 1 when any check is a BLOCKER. See
 * src/tools/preflight.
 */
import { ENVIRONMENT_NAMES } from '../../config';
import { parseEnvironmentArg } from '../delivery/environment-arg';
import {
  hasBlocker,
  parsePreflightArgs,
  preflight,
  PREFLIGHT_COMMAND,
  PREFLIGHT_VARIABLES,
  toJson,
  toMarkdown,
} from '../preflight';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';

const USAGE = formatUsage({
  command: PREFLIGHT_COMMAND,
  what: [
    "Checks one environment's project, read-only and with your own credentials: the APIs, TPU v6e quota (or the",
    'reservation), the accelerator type in the zone, organization policies and the state bucket. Prints a table;',
    'exits 1 when a check is a BLOCKER.',
  ].join('\n'),
  args: [
    ['<env>', `one of ${ENVIRONMENT_NAMES.join(', ')}`],
    ['--format=markdown|json', 'output format (default markdown)'],
  ],
  env: [[ENVIRONMENT_VARIABLE[0], 'unset, or the same as <env>'], ...PREFLIGHT_VARIABLES, ...configInputs()],
});

runCli(async () => {
  const { env, format } = parsePreflightArgs(process.argv.slice(2));
  const name = parseEnvironmentArg(env, process.env);
  const report = await preflight(name, process.env);
  process.stdout.write(format === 'json' ? toJson(report) : toMarkdown(report));
  if (hasBlocker(report)) process.exitCode = 1;
}, USAGE);
