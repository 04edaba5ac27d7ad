import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { PYTHON3 } from './python3';

/**
 * Runs the pipeline step programs' Python tests (test/python/test_steps.py: src/jobs/steps run as
 * subprocesses against the local fake of Google's APIs in test/python/fake_google.py, standard library
 * only) so `npm test` covers them. The test classes run in a few python3 processes at once: the tests
 * mostly wait (subprocesses, polls), so this cuts the suite's wall time, not its work. No bytecode is
 * written into the repository.
 */
const ROOT = join(__dirname, '..');
const PYTHON_DIR = join(ROOT, 'test', 'python');
/** The count of Python tests when this was written: a discovery that silently finds fewer fails. */
const AT_LEAST = 58;
const SHARDS = 4;
const ENV = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };

/** The test classes of test_steps.py, as unittest names them. */
function testClasses(): string[] {
  const list = spawnSync(
    PYTHON3,
    [
      '-c',
      'import inspect, unittest, test_steps as t; print("\\n".join(n for n, c in inspect.getmembers(t, inspect.isclass) if issubclass(c, unittest.TestCase) and c.__module__ == "test_steps" and unittest.TestLoader().getTestCaseNames(c)))',
    ],
    { cwd: PYTHON_DIR, env: ENV, encoding: 'utf8' },
  );
  if (list.status !== 0) throw new Error(`could not list the Python test classes:\n${list.stderr}`);
  return list.stdout.split('\n').filter(Boolean);
}

function runShard(names: readonly string[]): Promise<{ status: number | null; report: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(PYTHON3, ['-m', 'unittest', ...names.map((n) => `test_steps.${n}`)], {
      cwd: PYTHON_DIR,
      env: ENV,
    });
    let report = '';
    child.stdout.on('data', (d: Buffer) => (report += d.toString()));
    child.stderr.on('data', (d: Buffer) => (report += d.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolveRun({ status, report }));
  });
}

describe('src/jobs/steps (pipeline step programs)', () => {
  it('passes its Python tests against the fake Google APIs (python3 -m unittest, in shards)', async () => {
    const classes = testClasses();
    expect(classes.length).toBeGreaterThanOrEqual(SHARDS);
    const shards = Array.from({ length: SHARDS }, (_, i) => classes.filter((_c, j) => j % SHARDS === i));
    const results = await Promise.all(shards.map(runShard));
    let ran = 0;
    for (const { status, report } of results) {
      if (status !== 0) throw new Error(`python tests failed (exit ${status}):\n${report}`);
      expect(report).toMatch(/\nOK\b/);
      ran += Number(/Ran (\d+) tests?/.exec(report)?.[1] ?? 0);
    }
    expect(ran).toBeGreaterThanOrEqual(AT_LEAST);
  }, 120_000);
});
