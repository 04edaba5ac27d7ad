/**
 * `npm run cost [-- <env> ...]`: prints, per environment (default: all), a Markdown cost estimate
 * from the catalog's prices (src/catalog/pricing.ts) and the environment's `cost` configuration.
 */
import { ENVIRONMENT_NAMES, loadEnvironments } from '../config';
import { estimate, toMarkdown } from '../cost';
import { InputError } from '../errors';
import { runCli } from './exit';

runCli(() => {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(ENVIRONMENT_NAMES as readonly string[]).includes(w));
  if (unknown.length) throw new InputError(unknown.map((u) => `environment="${u}": unknown environment; allowed: ${ENVIRONMENT_NAMES.join(', ')}`));
  const environments = loadEnvironments(process.env).filter((e) => wanted.length === 0 || wanted.includes(e.name));
  process.stdout.write(`${environments.map((e) => toMarkdown(estimate(e))).join('\n\n')}\n`);
});
