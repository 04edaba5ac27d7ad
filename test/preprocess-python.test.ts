import { runPythonTestFile } from './python3';

/** The count of Python tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 29;

/**
 * Runs the preprocessing job's Python tests (test/python/test_preprocess.py, standard library only) so
 * `npm test` covers them. The pipeline step programs' tests (test_steps.py) run from
 * pipeline-steps-python.test.ts, so each suite runs only its own file.
 */
describe('src/jobs/preprocess.py', () => {
  it('passes its Python unit tests (python3 -m unittest)', () => {
    expect(runPythonTestFile('test_preprocess.py')).toBeGreaterThanOrEqual(AT_LEAST);
  });
});
