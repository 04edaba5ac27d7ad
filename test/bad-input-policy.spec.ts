import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readInputFile } from '../src/core/input-file';
import { bundleCli, runBundle } from './cli-bundles';
import { asCli, expectRefused, Outcome, outcome } from './bad-input';

/**
 * Bad input to `npm run policy -- <file | folder> ...` (src/tools/cli/policy.ts): one row per case,
 * each checking exit 1, one line per problem and no stack trace; the bundle is spawned with a timeout,
 * so a read that never ends fails the row instead of hanging the run (rows on readInputFile, which
 * the bundle reads every file with, call it directly). stdout keeps only the summary
 * (the other arguments are still checked). The next case is one more row.
 */
const work = mkdtempSync(join(tmpdir(), 'bad-input-policy-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const bundle = bundleCli('policy');
const run =
  (...args: string[]) =>
  () =>
    outcome(runBundle(bundle, args, {}, undefined, 20_000));
const ALLOWED = 'allowed: a Terraform JSON file or a folder holding *.tf.json';
const USAGE = 'npm run policy -- <file.tf.json | folder> [...]';

function fifo(name: string): string {
  const path = join(work, name);
  execFileSync('mkfifo', [path]);
  return path;
}

const rows: [string, () => Outcome, string | RegExp, string][] = [
  [
    '--json (an unknown flag is not a missing file)',
    run('--json'),
    `error: flag="--json": unknown; allowed: ${USAGE} (a file named so: ./--json, or after --)`,
    '',
  ],
  [
    '/dev/zero (a device: refused, not read)',
    () => asCli(() => readInputFile('/dev/zero', 'file', ALLOWED.slice('allowed: '.length))),
    `error: file="/dev/zero": is a character device, not a regular file; ${ALLOWED}`,
    '',
  ],
  [
    '<a FIFO>.tf.json (refused, not opened)',
    () => run(fifo('pipe.tf.json'))(),
    /^error: file=".*\/pipe\.tf\.json": is a named pipe \(FIFO\), not a regular file; allowed: /,
    'policy: 0 files checked, 0 with errors, 1 refused (see the errors)\n',
  ],
  [
    '<a file larger than the cap> (read no further than the cap)',
    () => {
      writeFileSync(join(work, 'big.tf.json'), `{"resource": {}, "x": "${'a'.repeat(2048)}"}`);
      return asCli(() => readInputFile(join(work, 'big.tf.json'), 'file', ALLOWED.slice(9), 1024));
    },
    /^error: file=".*\/big\.tf\.json": is \d+ bytes, more than the 1024 bytes read; allowed: /,
    '',
  ],
  [
    '<a file that is not JSON, with control characters in it> (the parser message shown escaped)',
    () => {
      writeFileSync(join(work, 'ctl.tf.json'), '\u001b[2J\nnot json');
      return run(join(work, 'ctl.tf.json'))();
    },
    /^error: file=".*\/ctl\.tf\.json": not JSON \(".*\\u001b.*"\); allowed: Terraform JSON/,
    'policy: 0 files checked, 0 with errors, 1 refused (see the errors)\n',
  ],
];

describe('npm run policy: bad input', () => {
  it.each(rows)('%s', (_input, go, line, stdout) => {
    const r = go();
    expectRefused(r, line);
    expect(r.stdout).toBe(stdout);
  });
});
