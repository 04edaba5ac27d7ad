/**
 * `npm run plan-summary -- <plan.json> [...]`: reads `terraform show -json` output (one file per
 * environment) and prints a Markdown summary: counts per environment and loud warnings for
 * replacements and deletions of stateful or expensive resources. See src/tools/delivery/plan-summary.ts.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../core/errors';
import { renderSummary, summarizePlan } from '../delivery/plan-summary';
import { runCli } from './exit';
import { formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const USAGE = formatUsage({
  command: 'npm run plan-summary -- <plan.json> [...]',
  what: 'Prints a Markdown summary of Terraform plans: counts per environment, and warnings for replacements and\ndeletions of stateful or expensive resources.',
  args: [['<plan.json> ...', 'files written by terraform show -json <planfile>, one per environment']],
});

function readPlan(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError([
      `file=${shown(file)}: cannot be read; allowed: a file written by terraform show -json <planfile>`,
    ]);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError([`file=${shown(file)}: not JSON; allowed: a file written by terraform show -json <planfile>`]);
  }
}

runCli(() => {
  const files = process.argv.slice(2);
  if (!files.length)
    throw new InputError([
      '<plan.json>: missing; allowed: npm run plan-summary -- plan-dev.json [plan-staging.json ...]',
    ]);
  // Every file is read and checked before anything is printed, so all bad files are named at once.
  const problems: string[] = [];
  const summaries = files.flatMap((f) => {
    try {
      return [summarizePlan(readPlan(f), f)];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
      return [];
    }
  });
  if (problems.length) throw new InputError(problems);
  process.stdout.write(renderSummary(summaries));
}, USAGE);
