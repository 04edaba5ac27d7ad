import { execFileSync, spawnSync } from 'node:child_process';
import { dirname, isAbsolute, join } from 'node:path';

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

/**
 * Runs one file of test/python with `python3 -S -m unittest` (standard library only, no bytecode
 * written), and returns how many tests ran; throws with the report when it could not start or a test
 * failed. Each suite runs only its own file, with its own count.
 */
export function runPythonTestFile(file: string): number {
  const run = spawnSync(PYTHON3, ['-S', '-m', 'unittest', 'discover', '-s', 'test/python', '-p', file], {
    cwd: join(__dirname, '..'),
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (run.error) throw new Error(`python3 could not be started: ${run.error.message}`);
  const report = `${run.stdout}${run.stderr}`;
  if (run.status !== 0 || !/\nOK\b/.test(report))
    throw new Error(`python tests failed (exit ${run.status}):\n${report}`);
  return Number(/Ran (\d+) tests?/.exec(report)?.[1] ?? 0);
}
