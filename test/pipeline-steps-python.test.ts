import { join } from 'node:path';
import { PYTHON3 } from './python3';
import { spawnAsync } from './spawn-async';

/**
 * Runs the pipeline step programs' Python tests (test/python/test_steps.py: src/jobs/steps run in
 * child processes against the local fake of Google's APIs in test/python/fake_google.py, standard
 * library only) so `npm test` covers them. The tests run in a few python3 processes at once: they
 * mostly wait (polls, the fake), so this cuts the suite's wall time, not its work. No bytecode is
 * written into the repository.
 */
const ROOT = join(__dirname, '..');
const PYTHON_DIR = join(ROOT, 'test', 'python');
/** The count of Python tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 63;
const SHARDS = 3;
const ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

/**
 * One shard of test_steps.py: every SHARDS-th test, counted over the module's tests in unittest's
 * order, run with unittest's text runner (its "Ran N tests" and "OK" lines). Each shard finds the
 * tests itself, so no process is spent listing them.
 */
const SHARD_RUNNER = [
  'import sys, unittest, test_steps',
  'i, n = int(sys.argv[1]), int(sys.argv[2])',
  'def flat(s): return [t for x in s for t in (flat(x) if isinstance(x, unittest.TestSuite) else [x])]',
  'tests = flat(unittest.defaultTestLoader.loadTestsFromModule(test_steps))',
  'print("tests in module:", len(tests), file=sys.stderr)',
  'ok = unittest.TextTestRunner(verbosity=1).run(unittest.TestSuite(tests[i::n])).wasSuccessful()',
  'sys.exit(0 if ok else 1)',
].join('\n');

/** One shard's run: its exit code and its report (unittest writes it on stderr). */
async function runShard(index: number): Promise<{ status: number | null; report: string }> {
  // -S: no site-packages (the steps use the standard library only), and a faster start.
  const r = await spawnAsync(PYTHON3, ['-S', '-c', SHARD_RUNNER, String(index), String(SHARDS)], {
    cwd: PYTHON_DIR,
    env: ENV,
  });
  return { status: r.status, report: `${r.stdout}${r.stderr}` };
}

describe('src/jobs/steps (pipeline step programs)', () => {
  it('passes its Python tests against the fake Google APIs (python3 -S, unittest, in shards)', async () => {
    const results = await Promise.all(Array.from({ length: SHARDS }, (_, i) => runShard(i)));
    let ran = 0;
    for (const { status, report } of results) {
      if (status !== 0) throw new Error(`python tests failed (exit ${status}):\n${report}`);
      expect(report).toMatch(/\nOK\b/);
      ran += Number(/Ran (\d+) tests?/.exec(report)?.[1] ?? 0);
    }
    // Every shard saw the same module, and together they ran all of it.
    const inModule = results.map(({ report }) => Number(/tests in module: (\d+)/.exec(report)?.[1]));
    expect(new Set(inModule)).toEqual(new Set([ran]));
    expect(ran).toBeGreaterThanOrEqual(AT_LEAST);
  }, 120_000);
});
