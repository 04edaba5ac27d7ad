import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PYTHON3 } from './python3';

/**
 * Runs the preprocessing job's Python tests (test/python/test_preprocess.py, standard library only) so
 * `npm test` covers them. No bytecode is written into the repository. The pipeline step programs'
 * tests (test_steps.py) run from pipeline-steps-python.test.ts, so each suite runs only its own file.
 */
const ROOT = join(__dirname, '..');
/** The count of Python tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 29;

describe('src/jobs/preprocess.py', () => {
  it('passes its Python unit tests (python3 -m unittest)', () => {
    const run = spawnSync(
      PYTHON3,
      ['-S', '-m', 'unittest', 'discover', '-s', 'test/python', '-p', 'test_preprocess.py'],
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
