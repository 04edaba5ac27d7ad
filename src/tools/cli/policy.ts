/**
 * `npm run policy -- <file.tf.json | folder> [...]`: runs the policy pack over plain Terraform JSON
 * (this project's cdktf.out or any other synthesized stack). Prints, per file, a summary line and one
 * line per finding; exits 1 when any file has an error-level finding (or a refused suppression), or
 * when any argument is refused (missing, not JSON, not Terraform JSON): the others are still checked,
 * and every refusal is one line on stderr. Folders are searched for `*.tf.json`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors';
// The engine alone, not ../policy (whose synth-time half loads cdktf): this command reads any JSON.
import { evaluate } from '../../policy/engine';
import { reportLines, summary } from '../../policy/format';
import { terraformJsonProblems } from '../../policy/shape';
import { failures } from '../../policy/types';
import { runCli } from './exit';
import { formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const USAGE = 'usage: npm run policy -- <file.tf.json | folder> [...]';

const HELP = formatUsage({
  command: 'npm run policy -- <file.tf.json | folder> [...]',
  what: [
    'Runs the policy pack over Terraform JSON: per file a summary and one line per finding. Exits 1 on any',
    'error-level finding or refused suppression, or when an argument is refused (the others are still checked).',
  ].join('\n'),
  args: [['<file.tf.json | folder> ...', 'Terraform JSON files; folders are searched for *.tf.json']],
});

function tfJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? tfJsonFiles(join(dir, e.name)) : e.name.endsWith('.tf.json') ? [join(dir, e.name)] : [],
    );
}

/** Every argument's Terraform JSON files, and one line per argument or file that is refused. */
function read(args: readonly string[]): { files: { file: string; json: unknown }[]; problems: string[] } {
  const problems: string[] = [];
  const files: { file: string; json: unknown }[] = [];
  for (const arg of args) {
    let paths: string[];
    try {
      paths = statSync(arg).isDirectory() ? tfJsonFiles(arg) : [arg];
    } catch {
      problems.push(`file=${shown(arg)}: not found; allowed: a Terraform JSON file or a folder holding *.tf.json`);
      continue;
    }
    if (paths.length === 0)
      problems.push(`folder=${shown(arg)}: holds no *.tf.json; allowed: a folder such as cdktf.out/stacks/prod`);
    for (const file of paths) {
      let json: unknown;
      try {
        json = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push(
          `file=${shown(file)}: not JSON (${(e as Error).message.split('\n')[0]}); allowed: Terraform JSON (*.tf.json), not HCL`,
        );
        continue;
      }
      const shape = terraformJsonProblems(json);
      if (shape.length) problems.push(...shape.map((p) => `file=${shown(file)}: not Terraform JSON: ${p}`));
      else files.push({ file, json });
    }
  }
  return { files, problems };
}

runCli(() => {
  const args = process.argv.slice(2);
  if (args.length === 0)
    throw new InputError([`${USAGE}: no file given; allowed: one or more Terraform JSON files or folders`]);
  const lines: string[] = [];
  let failing = 0;
  const { files, problems } = read(args);
  for (const { file, json } of files) {
    const report = evaluate(json);
    if (failures(report) > 0) failing += 1;
    lines.push(`${file}: ${summary(report)}`, ...reportLines(report).map((l) => `  ${l}`));
  }
  const refused = problems.length ? `, ${problems.length} refused (see the errors)` : '';
  lines.push(`policy: ${files.length} file${files.length === 1 ? '' : 's'} checked, ${failing} with errors${refused}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (problems.length) throw new InputError(problems);
  if (failing > 0) process.exitCode = 1;
}, HELP);
