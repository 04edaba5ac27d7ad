/**
 * `npm run cost [-- <env> ...]`: prints, per environment (default: ENVIRONMENT, else all), a Markdown
 * cost estimate from the catalog's prices (src/catalog/pricing.ts) and the environment's `cost`
 * configuration. See src/tools/cost/select.ts for which environments.
 */
import { ENVIRONMENT_NAMES } from '../../config';
import { costEnvironments, estimate, toMarkdown } from '../cost';
import { runCli } from './exit';
import { configInputs, ENVIRONMENT_VARIABLE, formatUsage } from './usage';

const USAGE = formatUsage({
  command: 'npm run cost [-- <env> ...]',
  what: "Prints a Markdown cost estimate per environment, from the catalog's prices and the environment's cost configuration.",
  args: [['<env> ...', `environments to price (${ENVIRONMENT_NAMES.join(', ')}); default: ENVIRONMENT, else all`]],
  env: [
    [ENVIRONMENT_VARIABLE[0], `${ENVIRONMENT_VARIABLE[1]} (must match <env> when both are given)`],
    ...configInputs(),
  ],
});

runCli(() => {
  const environments = costEnvironments(process.argv.slice(2), process.env);
  process.stdout.write(`${environments.map((e) => toMarkdown(estimate(e))).join('\n\n')}\n`);
}, USAGE);
