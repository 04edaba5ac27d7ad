/**
 * `npm run plan-summary -- <plan.json> [...]`: reads `terraform show -json` output (one file per
 * environment) and prints a Markdown summary: counts per environment and loud warnings for
 * replacements and deletions of stateful or expensive resources. See src/tools/delivery/plan-summary.ts.
 */
import { InputError } from '../../core/errors';
import { readInputFile } from '../../core/input-file';
import { renderSummary, repeatedEnvironments, summarizePlan } from '../delivery/plan-summary';
import { runCli } from './exit';
import { fileArguments, formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const COMMAND = 'npm run plan-summary -- <plan.json> [...]';

const USAGE = formatUsage({
  command: COMMAND,
  what: 'Prints a Markdown summary of Terraform plans: counts per environment, and warnings for replacements and\ndeletions of stateful or expensive resources.',
  args: [['<plan.json> ...', 'files written by terraform show -json <planfile>, one per environment']],
});

function readPlan(file: string): unknown {
  const text = readInputFile(file, 'file', `a file written by terraform show -json <planfile>`);
  try {
    return JSON.parse(text);
  } catch {
    throw new InputError([`file=${shown(file)}: not JSON; allowed: a file written by terraform show -json <planfile>`]);
  }
}

runCli(() => {
  const { files, problems } = fileArguments(process.argv.slice(2), COMMAND);
  if (!files.length && !problems.length)
    throw new InputError([
      '<plan.json>: missing; allowed: npm run plan-summary -- plan-dev.json [plan-staging.json ...]',
    ]);
  // Every file is read and checked before anything is printed, so all bad files are named at once.
  const summaries = files.flatMap((file) => {
    try {
      return [{ file, summary: summarizePlan(readPlan(file), file) }];
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      problems.push(...e.problems);
      return [];
    }
  });
  problems.push(...repeatedEnvironments(summaries));
  if (problems.length) throw new InputError(problems);
  process.stdout.write(renderSummary(summaries.map((s) => s.summary)));
}, USAGE);
