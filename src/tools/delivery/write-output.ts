import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../../core/errors';
import { shown } from '../../core/problem-line';

/**
 * Writes a generated file (e.g. `npm run diagram -- --out <file>`) or says in one line why it cannot.
 * The folder must exist: it is not created, so a mistyped path is refused rather than growing a new
 * tree of folders. The text goes to a temporary file beside the target, renamed over it only once
 * complete, so a failed write leaves the last good output as it was.
 */
export function writeOutputFile(file: string, text: string, field = '--out'): void {
  checkOutputFile(file, field);
  const dir = dirname(file);
  const temp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  let written = false;
  try {
    writeFileSync(temp, text);
    written = true;
    renameSync(temp, file);
  } catch (e) {
    if (written) rmSync(temp, { force: true });
    throw new InputError([
      `${field}=${shown(file)}: cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); allowed: a writable file in an existing folder`,
    ]);
  }
}

/** The checks of writeOutputFile that need no writing: run them before slow work (a synth). */
export function checkOutputFile(file: string, field = '--out'): void {
  const dir = dirname(file);
  const kind = (path: string) => {
    try {
      return statSync(path).isDirectory() ? 'folder' : 'file';
    } catch {
      return 'missing';
    }
  };
  if (kind(file) === 'folder')
    throw new InputError([
      `${field}=${shown(file)}: is a folder; allowed: a file path inside an existing folder, not the folder itself`,
    ]);
  const parent = kind(dir);
  if (parent !== 'folder') {
    throw new InputError([
      `${field}=${shown(file)}: folder ${shown(dir)} ${parent === 'missing' ? 'does not exist' : 'is a file'}; allowed: a file in an existing folder (folders are not created)`,
    ]);
  }
}
