import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleCli, ROOT, runBundle } from './cli-bundles';
import { runBundleInProcess } from './cli-in-process';

/** test/cli-in-process.ts must give what a spawned bundle gives, and leave this process as it was. */
describe('runBundleInProcess', () => {
  it.each([
    ['cost', ['prod'], {}],
    ['cost', ['dev'], { ENVIRONMENT: 'prod' }],
    ['policy', [join(ROOT, 'test', 'fixtures', 'tf', 'insecure.tf.json'), join(ROOT, 'nope.tf.json')], {}],
  ] as [string, string[], Record<string, string>][])(
    '%s %j gives the exit code, stdout and stderr of the spawned bundle',
    async (cli, args, env) => {
      const spawned = runBundle(bundleCli(cli), args, env);
      expect(spawned.stdout.length + spawned.stderr.length).toBeGreaterThan(0);
      expect(await runBundleInProcess(bundleCli(cli), args, env)).toEqual({
        status: spawned.status,
        stdout: spawned.stdout,
        stderr: spawned.stderr,
      });
    },
  );

  it("gives the bundle exactly PATH and the variables given, not this process's", async () => {
    process.env.ENVIRONMENT = 'prod';
    try {
      const r = await runBundleInProcess(bundleCli('cost'), [], {});
      expect(r.stdout.match(/^### Cost estimate: (\w+)$/gm)).toEqual([
        '### Cost estimate: dev',
        '### Cost estimate: staging',
        '### Cost estimate: prod',
      ]);
      expect(process.env.ENVIRONMENT).toBe('prod');
    } finally {
      delete process.env.ENVIRONMENT;
    }
  });

  it("runs the bundle's code afresh each time: the same run twice gives the same output twice", async () => {
    const args = [join(ROOT, 'test', 'fixtures', 'tf', 'insecure.tf.json')];
    const first = await runBundleInProcess(bundleCli('policy'), args);
    expect(first.stdout).toContain('insecure.tf.json');
    expect(await runBundleInProcess(bundleCli('policy'), args)).toEqual(first);
  });

  it('captures what the bundle writes through console, as node would print it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-in-process-'));
    try {
      const bundle = join(dir, 'console.js');
      writeFileSync(bundle, "console.log('out', 1); console.warn('careful'); process.exitCode = 2;\n");
      expect(await runBundleInProcess(bundle, [])).toEqual({ status: 2, stdout: 'out 1\n', stderr: 'careful\n' });
      expect(runBundle(bundle, [])).toMatchObject({ status: 2, stdout: 'out 1\n', stderr: 'careful\n' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('restores argv, the environment, the working folder and the exit code', async () => {
    const before = { argv: [...process.argv], env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode };
    const r = await runBundleInProcess(bundleCli('cost'), ['qa'], { ZONE: 'x' }, join(ROOT, 'test'));
    expect(r.status).toBe(1);
    expect({ argv: process.argv, env: { ...process.env }, cwd: process.cwd(), exitCode: process.exitCode }).toEqual(
      before,
    );
  });
});
