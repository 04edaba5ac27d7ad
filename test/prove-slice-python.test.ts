import { runPythonTestFile } from './python3';

/** The count of its tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 15;

/**
 * Runs the default training command's Python tests (test/python/test_prove_slice.py, against a fake
 * JAX written to a temporary folder) so `npm test` covers them.
 */
describe('src/jobs/prove_slice.py', () => {
  it('passes its Python unit tests (python3 -m unittest, fake jax)', () => {
    expect(runPythonTestFile('test_prove_slice.py')).toBeGreaterThanOrEqual(AT_LEAST);
  });
});
