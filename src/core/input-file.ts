import { closeSync, openSync, readSync, statSync, Stats } from 'node:fs';
import { InputError } from './errors';
import { shown } from './problem-line';
import { fsReason } from './output-folder';

/**
 * Reading a file a person named on the command line (`npm run policy -- <file>`, `plan-summary`, a
 * `--var-file`): only a regular file, and at most MAX_INPUT_BYTES of it. A FIFO or a device
 * (`/dev/zero`) is refused before it is opened, since reading it would not end (memory grew past 6 GB).
 */

/** The most read of one file: far beyond any stack or plan here (a few MiB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a regular file';
}

const MiB = (n: number) => (n >= 1024 * 1024 ? `${Math.ceil(n / 1024 / 1024)} MiB` : `${n} bytes`);

/**
 * The text of `file` (read at `path`, default `file` itself), or an InputError with one line
 * `<field>="<file>": <problem>; allowed: <allowed>`: not found, not readable, not a regular file,
 * larger than `maxBytes`, or not UTF-8.
 */
export function readInputFile(
  file: string,
  field: string,
  allowed: string,
  maxBytes = MAX_INPUT_BYTES,
  path = file,
): string {
  const refuse = (problem: string) => new InputError([`${field}=${shown(file)}: ${problem}; allowed: ${allowed}`]);
  let stat: Stats;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = fsReason(e);
    throw refuse(
      code === 'ENOENT' ? 'not found' : code === 'ELOOP' ? 'a loop of symbolic links' : `cannot be read (${code})`,
    );
  }
  if (!stat.isFile()) throw refuse(`is ${kindOf(stat)}, not a regular file`);
  if (stat.size > maxBytes) throw refuse(`is ${MiB(stat.size)}, more than the ${MiB(maxBytes)} read`);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw refuse(`cannot be read (${fsReason(e)})`);
  }
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw refuse(`is more than the ${MiB(maxBytes)} read`);
    }
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw refuse(`cannot be read (${fsReason(e)})`);
  } finally {
    closeSync(fd);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw refuse('is not UTF-8 text');
  }
}
