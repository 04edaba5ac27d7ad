import { execFileSync } from 'node:child_process';
import { dirname, isAbsolute } from 'node:path';

/**
 * The interpreter `python3` on PATH starts, resolved once per test run by test/global-setup.ts: on a
 * pyenv machine `python3` is a shim that runs bash and pyenv before the interpreter, about 0.1 s of
 * CPU on every start. Falls back to `python3` when it could not be resolved.
 */
export const PYTHON3 = process.env.TEST_PYTHON3 || 'python3';

/** A PATH on which `python3` is PYTHON3 itself: its folder first, then `path`. */
export function pathWithPython3(path: string): string {
  return isAbsolute(PYTHON3) ? `${dirname(PYTHON3)}:${path}` : path;
}

/** What `python3` in `cwd` runs (sys.executable), or undefined when python3 does not start. */
export function resolvePython3(cwd: string): string | undefined {
  try {
    const out = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { cwd, encoding: 'utf8' });
    return out.trim() || undefined;
  } catch {
    return undefined;
  }
}
