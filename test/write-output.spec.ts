import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutputFile } from '../src/tools/delivery/write-output';
import { runBundleInProcess } from './cli-in-process';
import { bundleCli } from './delivery-helpers';

const work = mkdtempSync(join(tmpdir(), 'write-output-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeOutputFile', () => {
  it('replaces the file whole and leaves no temporary file', () => {
    const file = join(work, 'doc.md');
    writeFileSync(file, 'old');
    writeOutputFile(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(readdirSync(work)).toEqual(['doc.md']);
  });

  it.each([
    [
      'a folder',
      () => work,
      (f: string) => `--out="${f}": is a folder; allowed: a file path inside an existing folder, not the folder itself`,
    ],
    [
      'in a missing folder',
      () => join(work, 'no', 'such', 'x.md'),
      (f: string) =>
        `--out="${f}": folder "${join(work, 'no', 'such')}" does not exist; allowed: a file in an existing folder (folders are not created)`,
    ],
  ])('refuses %s in one line, and creates nothing', (_what, target, message) => {
    const file = target();
    expect(() => writeOutputFile(file, 'x')).toThrow(expect.objectContaining({ problems: [message(file)] }));
    expect(existsSync(join(work, 'no'))).toBe(false);
  });

  it('turns a failed write into one line, and leaves the last good output as it was', () => {
    const dir = join(work, 'busy');
    mkdirSync(dir);
    const file = join(dir, 'doc.md');
    writeFileSync(file, 'last good output');
    // The temporary file's name is taken by a folder: the write fails after every check passed.
    mkdirSync(join(dir, `.doc.md.${process.pid}.tmp`));
    expect(() => writeOutputFile(file, 'new')).toThrow(
      expect.objectContaining({
        problems: [`--out="${file}": cannot be written (EISDIR); allowed: a writable file in an existing folder`],
      }),
    );
    expect(readFileSync(file, 'utf8')).toBe('last good output');
  });
});

// The diagram bundle, run in this process (test/cli-in-process.ts); cli-help and bad-input-diagram spawn it.
describe('npm run diagram --out', () => {
  const bundle = bundleCli('diagram');

  it.each([
    [
      ['--out', work],
      `error: --out="${work}": is a folder; allowed: a file path inside an existing folder, not the folder itself\n`,
    ],
    [
      ['dev', `--out=${join(work, 'nonexistent', 'dir', 'x.md')}`],
      `error: --out="${join(work, 'nonexistent', 'dir', 'x.md')}": folder "${join(work, 'nonexistent', 'dir')}" does not exist; allowed: a file in an existing folder (folders are not created)\n`,
    ],
    [['--outt', 'x.md'], 'error: flag="--outt": unknown; allowed: npm run diagram -- [<env>] [--out <file>]\n'],
    [['--out'], 'error: --out: missing a file; allowed: --out docs/architecture.md\n'],
  ])('%j prints one line, exits 1, and writes nothing', async (args, stderr) => {
    const r = await runBundleInProcess(bundle, args);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
    expect(existsSync(join(work, 'nonexistent'))).toBe(false);
  });
});
