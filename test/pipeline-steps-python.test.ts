import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Runs the pipeline step programs' Python tests (test/python/test_steps.py: src/jobs/steps run as
 * subprocesses against the local fake of Google's APIs in test/python/fake_google.py, standard library
 * only) so `npm test` covers them. No bytecode is written into the repository.
 */
const ROOT = join(__dirname, '..');
/** The count of Python tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 58;

describe('src/jobs/steps (pipeline step programs)', () => {
  it('passes its Python tests against the fake Google APIs (python3 -m unittest)', () => {
    const run = spawnSync('python3', ['-m', 'unittest', 'discover', '-s', 'test/python', '-p', 'test_steps.py'], {
      cwd: ROOT,
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
      encoding: 'utf8',
      timeout: 120_000,
    });
    if (run.error) throw new Error(`python3 could not be started: ${run.error.message}`);
    const report = `${run.stdout}${run.stderr}`;
    if (run.status !== 0) throw new Error(`python tests failed (exit ${run.status}):\n${report}`);
    const ran = Number(/Ran (\d+) tests?/.exec(report)?.[1] ?? 0);
    expect(ran).toBeGreaterThanOrEqual(AT_LEAST);
    expect(report).toMatch(/\nOK\b/);
  });
});
