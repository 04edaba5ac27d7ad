import { TEST_BUILD } from './global-setup';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runBundleInProcess } from './cli-in-process';
import { nodeOnlyPath } from './bad-input';

const ROOT = resolve(__dirname, '..');
// The same bundle `npm run synth` runs (built once per test run by test/global-setup.ts).
const BUILD = join(TEST_BUILD, 'src', 'tools', 'cli');

/**
 * Runs the synth bundle in the project (it reads project files) with its output in `work`, and only
 * node on PATH: a synth needs no Terraform. Spawned, because a child process cdktf starts takes the
 * real process's PATH, not one set in a test.
 */
function runSynth(work: string) {
  return spawnSync(process.execPath, [join(BUILD, 'synth.js')], {
    cwd: ROOT,
    env: { PATH: nodeOnlyPath(), CDKTF_OUTDIR: join(work, 'cdktf.out') },
    encoding: 'utf8',
  });
}

describe('npm run synth', () => {
  const work = mkdtempSync(join(tmpdir(), 'cli-work-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every environment and names the files, with only node on PATH (no Terraform)', () => {
    const r = runSynth(work);
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(
      ['dev', 'staging', 'prod'].map((e) => join(work, `cdktf.out/stacks/${e}/cdk.tf.json`)),
    );
    // The committed environments name no alert address: the policy pack says so (TPU-MON-001), nothing else.
    expect(r.stderr.split('\n').filter(Boolean)).toEqual(
      ['dev', 'staging', 'prod'].map((e) => expect.stringMatching(new RegExp(`^warning: \\[${e}\\] TPU-MON-001 `))),
    );
    expect(nodeOnlyPath()).not.toContain(':');
  });

  it('on bad input prints one line per problem, exits 1, and leaves the last good output alone', async () => {
    const file = join(work, 'cdktf.out/stacks/dev/cdk.tf.json');
    writeFileSync(file, 'last good output');
    // The same bundle in this process (test/cli-in-process.ts): the test above spawned it.
    const r = await runBundleInProcess(join(BUILD, 'synth.js'), [], {
      CDKTF_OUTDIR: join(work, 'cdktf.out'),
      ZONE: 'us-central2-b',
      ENABLE_VERTEX_AI: 'ja',
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      'error: ENABLE_VERTEX_AI="ja": not a boolean; allowed: true, false',
      expect.stringMatching(/^error: ZONE="us-central2-b": not a zone that offers TPU v6e; allowed: us-central1-b, /),
    ]);
    expect(r.stderr).not.toMatch(/\s+at\s/);
    expect(readFileSync(file, 'utf8')).toBe('last good output');
  });
});
