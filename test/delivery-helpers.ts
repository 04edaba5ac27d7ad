import { TEST_BUILD } from './global-setup';
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'cdktf';
import { workloadStack } from './fixtures/workload';

export const ROOT = resolve(__dirname, '..');

/**
 * Synthesizes the workload fixture stack as the real synth does (metadata kept, assets copied) into
 * a scratch folder; returns the stack's folder and JSON.
 */
export function synthWorkload(): { stackDir: string; tf: Record<string, unknown> } {
  const outdir = mkdtempSync(join(tmpdir(), 'workload-'));
  const app = new App({ outdir });
  workloadStack(app);
  app.synth();
  const stackDir = join(outdir, 'stacks', 'dev');
  return { stackDir, tf: JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as Record<string, unknown> };
}

/** Bundles one CLI (as `npm run build` does) into .build/test, once per name. */
/** The bundle of `src/tools/cli/<name>.ts`, built once per test run by test/global-setup.ts. */
export function bundleCli(name: string): string {
  return join(TEST_BUILD, 'src', 'tools', 'cli', `${name}.js`);
}

export function runBundle(
  bundle: string,
  args: string[],
  env: Record<string, string> = {},
  cwd = ROOT,
  timeout?: number,
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bundle, ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout,
  });
}
