import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PYTHON3 } from './python3';

/**
 * Runs the default training command's Python tests (test/python/test_prove_slice.py, against a fake
 * JAX written to a temporary folder) so `npm test` covers them. Only that file: the preprocessing
 * suite discovers the whole folder with its own count. No bytecode is written into the repository.
 */
const ROOT = join(__dirname, '..');
/** The count of its tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 15;

describe('src/jobs/prove_slice.py', () => {
  it('passes its Python unit tests (python3 -m unittest, fake jax)', () => {
    const run = spawnSync(
      PYTHON3,
      ['-S', '-m', 'unittest', 'discover', '-s', 'test/python', '-p', 'test_prove_slice.py'],
      {
        cwd: ROOT,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    if (run.error) throw new Error(`python3 could not be started: ${run.error.message}`);
    const report = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`python tests failed (exit ${run.status}):\n${report}`);
    const ran = Number(/Ran (\d+) tests?/.exec(report)?.[1] ?? 0);
    expect(ran).toBeGreaterThanOrEqual(AT_LEAST);
    expect(report).toMatch(/\nOK\b/);
  });
});
