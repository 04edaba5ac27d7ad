import {
  accessSync,
  constants,
  existsSync,
  lstatSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { InputError } from './errors';
import { shown } from './problem-line';

/**
 * Output folders (CDKTF_OUTDIR, default cdktf.out) and replacing what is in them, all or nothing. Plain
 * node:fs, no cdktf: synth (stacks/synthesize.ts) and export:im use it.
 */

/** The error code of a file system error, e.g. `EACCES`, else its message. */
export function fsReason(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why `path` (an existing folder) cannot take new entries, or undefined. */
function unwritable(path: string): string | undefined {
  try {
    accessSync(path, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (e) {
    return fsReason(e);
  }
}

const ALLOWED = 'a folder you can write, e.g. cdktf.out (one new level is created; deeper paths are not)';

/**
 * Why `dir` cannot be an output folder, one line each: empty; the project folder or one above it
 * (synth would write `stacks/` and `manifest.json` among the sources); a file, a symbolic link loop
 * or a path through a file; inside a folder that does not exist (only the last level is created, so
 * a mistyped path is refused rather than grown); or not writable (read-only, immutable, another owner).
 */
export function outputFolderProblems(dir: string, field = 'CDKTF_OUTDIR', cwd = process.cwd()): string[] {
  const at = `${field}=${shown(dir)}`;
  if (dir.trim() === '') return [`${at}: empty; allowed: unset (cdktf.out), or ${ALLOWED}`];
  const full = resolve(cwd, dir);
  // Through symbolic links too: a link to the project folder is the project folder.
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const fromHere = relative(real(full), real(resolve(cwd)));
  if (fromHere === '' || !fromHere.startsWith('..'))
    return [
      `${at}: is the project folder${fromHere === '' ? '' : ' or one above it'}, where stacks/ and manifest.json would be written among the sources; allowed: ${ALLOWED}`,
    ];
  let existing: string;
  try {
    if (!statSync(full).isDirectory()) return [`${at}: is a file, not a folder; allowed: ${ALLOWED}`];
    existing = full;
  } catch (e) {
    const code = fsReason(e);
    if (code === 'ELOOP') return [`${at}: is a loop of symbolic links; allowed: ${ALLOWED}`];
    if (code === 'ENOTDIR') return [`${at}: a part of the path is a file; allowed: ${ALLOWED}`];
    if (code !== 'ENOENT') return [`${at}: cannot be read (${code}); allowed: ${ALLOWED}`];
    const parent = dirname(full);
    if (!isFolder(parent)) return [`${at}: its folder ${shown(dirname(dir))} does not exist; allowed: ${ALLOWED}`];
    existing = parent;
  }
  const why = unwritable(existing);
  if (why)
    return [
      `${at}: ${existing === full ? 'cannot be written' : `cannot be created in ${shown(dirname(dir))}`} (${why}); allowed: ${ALLOWED}`,
    ];
  const stacks = join(full, 'stacks');
  if (existsSync(stacks) && !isFolder(stacks))
    return [`${at}: ${shown(join(dir, 'stacks'))} is a file, not a folder; allowed: ${ALLOWED}`];
  return [];
}

/** Throws InputError unless `dir` can be an output folder (see outputFolderProblems). */
export function checkOutputFolder(dir: string, field = 'CDKTF_OUTDIR'): void {
  const problems = outputFolderProblems(dir, field);
  if (problems.length) throw new InputError(problems);
}

/** One change to an output folder: `to` becomes `from` (a staged file or folder), or is removed. */
export type Change = { readonly from: string; readonly to: string } | { readonly remove: string };

function target(c: Change): string {
  return 'remove' in c ? c.remove : c.to;
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** The first folder under (and including) `dir` whose entries cannot be removed, and why. */
function unremovable(dir: string): { path: string; why: string } | undefined {
  const why = unwritable(dir);
  if (why) return { path: dir, why };
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    return { path: dir, why: fsReason(e) };
  }
  for (const e of entries) {
    if (!e.isDirectory()) continue;
    const found = unremovable(join(dir, e.name));
    if (found) return found;
  }
  return undefined;
}

/** What stands in the way of a change, before anything is touched; undefined when nothing does. */
function obstacle(c: Change): { path: string; why: string } | undefined {
  const path = target(c);
  const parent = dirname(path);
  if (!isFolder(parent)) return { path: parent, why: exists(parent) ? 'not a folder' : 'missing' };
  const why = unwritable(parent);
  if (why) return { path: parent, why };
  if (!exists(path)) return undefined;
  const stat = lstatSync(path);
  if ('from' in c && statSync(c.from).isDirectory() !== stat.isDirectory())
    return {
      path,
      why: stat.isDirectory() ? 'a folder where synth writes a file' : 'a file where synth writes a folder',
    };
  return stat.isDirectory() ? unremovable(path) : undefined;
}

/**
 * Applies every change or none. First every target is checked (its folder writable; a folder to be
 * replaced removable throughout), and one line per obstacle is thrown before anything moves. Then
 * the old entries are renamed aside, the new ones renamed in, and the old ones removed; a failure
 * on the way (a file that is immutable, say) puts everything back as it was and throws its line.
 * Returns the old entries that could not be removed afterwards (left beside their target).
 */
export function applyChanges(changes: readonly Change[], describe: (path: string, why: string) => string): string[] {
  const problems = changes.flatMap((c) => {
    const o = obstacle(c);
    return o ? [describe(o.path, o.why)] : [];
  });
  if (problems.length) throw new InputError([...new Set(problems)]);

  const aside: { path: string; old: string }[] = [];
  const installed: { from: string; to: string }[] = [];
  const undo = () => {
    for (const i of installed.reverse()) renameSync(i.to, i.from);
    for (const a of aside.reverse()) renameSync(a.old, a.path);
  };
  try {
    for (const c of changes) {
      const path = target(c);
      if (!exists(path)) continue;
      const old = join(dirname(path), `.${basename(path)}.replaced-${process.pid}`);
      rmSync(old, { recursive: true, force: true });
      renameSync(path, old);
      aside.push({ path, old });
    }
    for (const c of changes) {
      if ('remove' in c) continue;
      renameSync(c.from, c.to);
      installed.push(c);
    }
  } catch (e) {
    const failed = e as NodeJS.ErrnoException;
    try {
      undo();
    } catch (u) {
      throw new InputError([
        describe(
          failed.path ?? '?',
          `${fsReason(e)}; putting the old output back failed too (${fsReason(u)}): it is in ${aside.map((a) => a.old).join(', ')}`,
        ),
      ]);
    }
    throw new InputError([describe(failed.path ?? '?', fsReason(e))]);
  }
  const left: string[] = [];
  for (const a of aside) {
    try {
      rmSync(a.old, { recursive: true, force: true });
    } catch {
      left.push(a.old);
    }
  }
  return left;
}

/** `path` relative to `dir`, with forward slashes. */
export function within(dir: string, path: string): string {
  return relative(dir, path).split(sep).join('/');
}
