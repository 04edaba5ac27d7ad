/**
 * `npm run policy -- <file.tf.json | folder> [...]`: runs the policy pack over plain Terraform JSON
 * (this project's cdktf.out or any other synthesized stack). Prints, per file, a summary line and one
 * line per finding; exits 1 when any file has an error-level finding (or a refused suppression), or
 * when any argument is refused (missing, not JSON, not Terraform JSON): the others are still checked,
 * and every refusal is one line on stderr. Folders are searched for `*.tf.json`.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../core/errors';
import { readInputFile } from '../../core/input-file';
// The engine alone, not ../policy (whose synth-time half loads cdktf): this command reads any JSON.
import { evaluate } from '../../policy/engine';
import { reportLines, summary } from '../../policy/format';
import { terraformJsonProblems } from '../../policy/shape';
import { failures } from '../../policy/types';
import { runCli } from './exit';
import { fileArguments, formatUsage } from './usage';
import { shown } from '../../core/problem-line';

const COMMAND = 'npm run policy -- <file.tf.json | folder> [...]';
const USAGE = `usage: ${COMMAND}`;

const HELP = formatUsage({
  command: 'npm run policy -- <file.tf.json | folder> [...]',
  what: [
    'Runs the policy pack over Terraform JSON: per file a summary and one line per finding. Exits 1 on any',
    'error-level finding or refused suppression, or when an argument is refused (the others are still checked).',
  ].join('\n'),
  args: [['<file.tf.json | folder> ...', 'Terraform JSON files; folders are searched for *.tf.json']],
});

/** The `*.tf.json` files under `dir`, sorted; symbolic links to folders are not followed. */
function tfJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) =>
      e.isDirectory() ? tfJsonFiles(join(dir, e.name)) : e.name.endsWith('.tf.json') ? [join(dir, e.name)] : [],
    );
}

const FILE_ALLOWED = 'a Terraform JSON file or a folder holding *.tf.json';

/** Every argument's Terraform JSON files, and one line per argument or file that is refused. */
function read(args: readonly string[]): { files: { file: string; json: unknown }[]; problems: string[] } {
  const problems: string[] = [];
  const files: { file: string; json: unknown }[] = [];
  for (const arg of args) {
    let paths: string[];
    try {
      paths = statSync(arg).isDirectory() ? tfJsonFiles(arg) : [arg];
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      problems.push(
        code === 'ENOENT'
          ? `file=${shown(arg)}: not found; allowed: ${FILE_ALLOWED}`
          : `file=${shown(arg)}: cannot be read (${code ?? (e as Error).message}); allowed: ${FILE_ALLOWED}`,
      );
      continue;
    }
    if (paths.length === 0)
      problems.push(`folder=${shown(arg)}: holds no *.tf.json; allowed: a folder such as cdktf.out/stacks/prod`);
    for (const file of paths) {
      let json: unknown;
      try {
        json = JSON.parse(readInputFile(file, 'file', FILE_ALLOWED));
      } catch (e) {
        if (e instanceof InputError) {
          problems.push(...e.problems);
          continue;
        }
        problems.push(
          `file=${shown(file)}: not JSON (${shown((e as Error).message.split('\n')[0])}); allowed: Terraform JSON (*.tf.json), not HCL`,
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
  const { files: args, problems: flags } = fileArguments(process.argv.slice(2), COMMAND);
  if (flags.length) throw new InputError(flags);
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
