/**
 * `npm run policy -- <file.tf.json | folder> [...]`: runs the policy pack over plain Terraform JSON
 * (this project's cdktf.out or any other synthesized stack). Prints, per file, a summary line and one
 * line per finding; exits 1 when any file has an error-level finding (or a refused suppression), or
 * when a file cannot be read. Folders are searched for `*.tf.json`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors';
import { evaluate, failures, reportLines, summary } from '../policy';
import { runCli } from './exit';

const USAGE = 'usage: npm run policy -- <file.tf.json | folder> [...]';

function tfJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? tfJsonFiles(join(dir, e.name)) : e.name.endsWith('.tf.json') ? [join(dir, e.name)] : []));
}

function read(args: readonly string[]): { file: string; json: unknown }[] {
  const problems: string[] = [];
  const out: { file: string; json: unknown }[] = [];
  for (const arg of args) {
    let files: string[];
    try {
      files = statSync(arg).isDirectory() ? tfJsonFiles(arg) : [arg];
    } catch {
      problems.push(`file="${arg}": not found; allowed: a Terraform JSON file or a folder holding *.tf.json`);
      continue;
    }
    if (files.length === 0) problems.push(`folder="${arg}": holds no *.tf.json; allowed: a folder such as cdktf.out/stacks/prod`);
    for (const file of files) {
      try {
        out.push({ file, json: JSON.parse(readFileSync(file, 'utf8')) });
      } catch (e) {
        problems.push(`file="${file}": not JSON (${(e as Error).message.split('\n')[0]}); allowed: Terraform JSON (*.tf.json), not HCL`);
      }
    }
  }
  if (problems.length) throw new InputError(problems);
  return out;
}

runCli(() => {
  const args = process.argv.slice(2);
  if (args.length === 0) throw new InputError([`${USAGE}: no file given; allowed: one or more Terraform JSON files or folders`]);
  const lines: string[] = [];
  let failing = 0;
  const files = read(args);
  for (const { file, json } of files) {
    const report = evaluate(json);
    if (failures(report) > 0) failing += 1;
    lines.push(`${file}: ${summary(report)}`, ...reportLines(report).map((l) => `  ${l}`));
  }
  lines.push(`policy: ${files.length} file${files.length === 1 ? '' : 's'} checked, ${failing} with errors`);
  process.stdout.write(`${lines.join('\n')}\n`);
  if (failing > 0) process.exitCode = 1;
});
